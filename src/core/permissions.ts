// Roles, scopes and the one "is A within B" decision. Pure functions over glob strings.
//
// A glob is a string where `*` matches any run of characters (including `:`). Grants are sets of
// allow globs and deny globs; an explicit deny always wins.

export const ROLES = ['reader', 'writer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function lowerRole(left: Role, right: Role): Role {
  return roleRank(left) <= roleRank(right) ? left : right;
}

export interface Grants {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** What each role may do, on every resource (SPEC "Permissions"). */
export const ROLE_GRANTS: Readonly<Record<Role, Grants>> = {
  reader: { allow: ['*:read'], deny: [] },
  writer: { allow: ['*'], deny: ['members:write', 'roles:write'] },
  admin: { allow: ['*'], deny: [] },
  owner: { allow: ['*'], deny: [] },
};

/** Scopes are free strings such as `orders:read`, bounded in length and character set. */
export const SCOPE_PATTERN = '^[A-Za-z0-9_.*/-]+(:[A-Za-z0-9_.*/-]+)*$';
export const SCOPE_MAX_LENGTH = 128;

const globCache = new Map<string, RegExp>();

export function globMatches(glob: string, value: string): boolean {
  let compiled = globCache.get(glob);
  if (compiled === undefined) {
    const body = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${body}$`, 's');
    if (globCache.size < 10_000) globCache.set(glob, compiled);
  }
  return compiled.test(value);
}

/**
 * Whether every string `inner` can match is also matched by `outer`. Sound, not complete: the `*`
 * of `inner` is treated as a character only a `*` of `outer` may absorb, so the answer may be a
 * refusal where containment holds in some exotic case, never an acceptance where it does not.
 */
export function globCovers(outer: string, inner: string): boolean {
  const memo = new Map<string, boolean>();
  const walk = (o: number, i: number): boolean => {
    const key = `${o},${i}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (o === outer.length) result = i === inner.length;
    else if (outer[o] === '*') result = walk(o + 1, i) || (i < inner.length && walk(o, i + 1));
    else result = i < inner.length && inner[i] !== '*' && inner[i] === outer[o] && walk(o + 1, i + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/** False only when the two globs provably match no common string (literal head or tail differ). */
export function globsMayOverlap(left: string, right: string): boolean {
  const head = (glob: string) => glob.split('*')[0]!;
  const tail = (glob: string) => (glob.includes('*') ? glob.slice(glob.lastIndexOf('*') + 1) : glob);
  if (!left.includes('*') && !right.includes('*')) return left === right;
  const [leftHead, rightHead] = [head(left), head(right)];
  const headLength = Math.min(leftHead.length, rightHead.length);
  if (leftHead.slice(0, headLength) !== rightHead.slice(0, headLength)) return false;
  const [leftTail, rightTail] = [tail(left), tail(right)];
  const tailLength = Math.min(leftTail.length, rightTail.length);
  return leftTail.slice(leftTail.length - tailLength) === rightTail.slice(rightTail.length - tailLength);
}

export function grantsAllow(grants: Grants, action: string): boolean {
  return (
    grants.allow.some((glob) => globMatches(glob, action)) &&
    !grants.deny.some((glob) => globMatches(glob, action))
  );
}

/** A token's own grants: its role's grants plus its scopes as extra allow globs. */
export function tokenGrants(role: Role | null, scopes: readonly string[]): Grants {
  const base = role === null ? { allow: [], deny: [] } : ROLE_GRANTS[role];
  return { allow: [...base.allow, ...scopes], deny: base.deny };
}

/**
 * Everything that bounds what a token may do: its own role and scopes, capped by the role of the
 * member it belongs to (personal) or the role its creator had (service), and its lifetime and use limit.
 */
export interface Authority {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly capRole: Role;
  readonly expiresAtMs: number | null;
  readonly usesLimited: boolean;
}

export function authorityAllows(authority: Authority, action: string): boolean {
  return (
    grantsAllow(tokenGrants(authority.role, authority.scopes), action) &&
    grantsAllow(ROLE_GRANTS[authority.capRole], action)
  );
}

/** What a new or widened token asks for. */
export interface RequestedGrant {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly expiresAtMs: number | null;
}

export type WithinResult = { readonly within: true } | { readonly within: false; readonly missing: string };

/** Whether every action a glob can match is allowed by the parent (allowed, and clear of every deny). */
function authorityCoversGlob(parent: Authority, glob: string): boolean {
  const bounds = [tokenGrants(parent.role, parent.scopes), ROLE_GRANTS[parent.capRole]];
  return bounds.every(
    (grants) =>
      grants.allow.some((outer) => globCovers(outer, glob)) &&
      !grants.deny.some((denied) => globsMayOverlap(denied, glob)),
  );
}

/**
 * Roles nest (reader within writer within admin within owner), so a rank comparison is exact. Admin and
 * owner hold the same action globs yet differ (only owners manage owners), so only a role may cover them.
 */
function authorityCoversRole(parent: Authority, role: Role): boolean {
  if (roleRank(role) > roleRank(parent.capRole)) return false;
  if (parent.role !== null) return roleRank(role) <= roleRank(parent.role);
  // A scope-only parent: its scopes must cover the role's globs outright. Treating the role as its
  // allow globs alone (ignoring its denies) only ever makes the child look wider.
  return (
    roleRank(role) < roleRank('admin') &&
    ROLE_GRANTS[role].allow.every((glob) => authorityCoversGlob(parent, glob))
  );
}

/**
 * THE "A within B" decision, used by every route that mints or widens a token: each grant of the
 * child must be covered by the parent's effective grants, expire no later, and a use-limited parent
 * may mint nothing. The `missing` text names what the parent lacks, for the 403's detail.
 */
export function isWithin(child: RequestedGrant, parent: Authority): WithinResult {
  if (parent.usesLimited)
    return { within: false, missing: 'a token with max_uses cannot mint or widen tokens' };
  if (parent.expiresAtMs !== null) {
    if (child.expiresAtMs === null)
      return { within: false, missing: 'an expiring token cannot mint a permanent token' };
    if (child.expiresAtMs > parent.expiresAtMs)
      return { within: false, missing: "an expiry no later than the calling token's own" };
  }
  if (child.role !== null && !authorityCoversRole(parent, child.role)) {
    return { within: false, missing: `role ${child.role}` };
  }
  for (const scope of child.scopes) {
    if (!authorityCoversGlob(parent, scope)) return { within: false, missing: `scope ${scope}` };
  }
  return { within: true };
}

/** What decided an action: the first deny that matched, else the allow that matched, else nothing. */
export interface ActionDecision {
  readonly effect: 'allow' | 'deny';
  readonly source: 'role' | 'scope' | 'policy' | 'custom_role';
  /** The glob that decided it; null when no grant matched at all (denied by default). */
  readonly match: string | null;
}

export function decideAction(authority: Authority, action: string): ActionDecision {
  const roleGrants = authority.role === null ? null : ROLE_GRANTS[authority.role];
  for (const grants of [roleGrants, ROLE_GRANTS[authority.capRole]]) {
    const denied = grants?.deny.find((glob) => globMatches(glob, action));
    if (denied !== undefined) return { effect: 'deny', source: 'role', match: denied };
  }
  const capAllows = ROLE_GRANTS[authority.capRole].allow.some((glob) => globMatches(glob, action));
  if (!capAllows) return { effect: 'deny', source: 'role', match: null };
  const scope = authority.scopes.find((glob) => globMatches(glob, action));
  if (scope !== undefined) return { effect: 'allow', source: 'scope', match: scope };
  const roleAllow = roleGrants?.allow.find((glob) => globMatches(glob, action));
  if (roleAllow !== undefined) return { effect: 'allow', source: 'role', match: roleAllow };
  return { effect: 'deny', source: authority.scopes.length > 0 ? 'scope' : 'role', match: null };
}
