// Roles, scopes and the one "is A within B" decision. Pure functions over glob strings.
//
// A glob is a string where `*` matches any run of characters (including `:`). Grants are sets of
// allow globs and deny globs; an explicit deny always wins.

import { globCovers, globMatches, globsMayOverlap } from './globs.js';
import {
  matchingActionGlob,
  type PolicyStatement,
  statementMatchesAction,
  statementMatchesResource,
} from './policy.js';
import type { RateLimitSetting } from './rate-limit.js';

export { globCovers, globMatches, globsMayOverlap };

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

/** Whether a role grants an action: its allow globs, less its exclusions (writer has no members:write). */
export function roleAllows(role: Role, action: string): boolean {
  const grants = ROLE_GRANTS[role];
  return (
    grants.allow.some((glob) => globMatches(glob, action)) &&
    !grants.deny.some((glob) => globMatches(glob, action))
  );
}

/** Whether every action a glob can match is granted by the role (covered, and clear of its exclusions). */
function roleCoversGlob(role: Role, glob: string): boolean {
  const grants = ROLE_GRANTS[role];
  return (
    grants.allow.some((outer) => globCovers(outer, glob)) &&
    !grants.deny.some((denied) => globsMayOverlap(denied, glob))
  );
}

export type TokenKind = 'account' | 'space' | 'manager';

/** What a `manager` token may do: only the token and member management API (NeuroIO). */
export const MANAGER_ACTIONS = ['tokens:*', 'members:*'] as const;

/** A named policy, resolved from a token's `custom_roles` keys. */
export interface ResolvedCustomRole {
  readonly key: string;
  readonly policy: readonly PolicyStatement[];
}

/**
 * Everything that bounds what a token may do: its role, scopes, inline policy and custom roles; its
 * kind and space; the cap of the member it belongs to (personal) or of its creator (service); and its
 * lifetime and use limit.
 */
export interface Authority {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly PolicyStatement[];
  readonly customRoles: readonly ResolvedCustomRole[];
  readonly kind: TokenKind;
  readonly space: string | null;
  /** Source addresses the token is confined to; null: anywhere. */
  readonly allowedCidrs: readonly string[] | null;
  readonly rateLimit: RateLimitSetting | null;
  readonly capRole: Role;
  readonly expiresAtMs: number | null;
  readonly usesLimited: boolean;
}

/** What decided an action: the first deny that matched, else the first allow, else nothing. */
export interface ActionDecision {
  readonly effect: 'allow' | 'deny';
  readonly source: 'role' | 'scope' | 'policy' | 'custom_role';
  /** The glob that decided it; null when no grant matched at all (denied by default). */
  readonly match: string | null;
}

const deny = (source: ActionDecision['source'], match: string | null): ActionDecision => ({
  effect: 'deny',
  source,
  match,
});
const allow = (source: ActionDecision['source'], match: string): ActionDecision => ({
  effect: 'allow',
  source,
  match,
});

/** Statements of the inline policy and of each custom role, labelled with where they came from. */
function labelledStatements(authority: Authority) {
  return [
    ...authority.policy.map((statement) => ({ statement, source: 'policy' as const })),
    ...authority.customRoles.flatMap((role) =>
      role.policy.map((statement) => ({ statement, source: 'custom_role' as const })),
    ),
  ];
}

type LabelledStatement = ReturnType<typeof labelledStatements>[number];

/** The first statement of this effect that covers the action on the resource. */
function firstMatching(
  statements: readonly LabelledStatement[],
  effect: 'allow' | 'deny',
  action: string,
  resource: string | undefined,
): LabelledStatement | undefined {
  return statements.find(
    ({ statement }) =>
      statement.effect === effect &&
      statementMatchesAction(statement, action) &&
      statementMatchesResource(statement, resource),
  );
}

/** A space token acts only on resources inside its space: `spaces/<key>` and below. */
function insideSpace(authority: Authority, resource: string | undefined): boolean {
  if (authority.kind !== 'space' || resource === undefined) return true;
  const root = `spaces/${authority.space}`;
  return resource === root || resource.startsWith(`${root}/`);
}

/**
 * THE decision whether a token may do `action` (on `resource`, if named). Order: kind and space
 * confine; any matching deny statement wins; the member's (or creator's) role caps; then the first
 * allow among scopes, role, inline policy, custom roles; nothing matched means denied.
 */
export function decideAction(authority: Authority, action: string, resource?: string): ActionDecision {
  if (authority.kind === 'manager' && !MANAGER_ACTIONS.some((glob) => globMatches(glob, action)))
    return deny('role', null);
  if (!insideSpace(authority, resource)) return deny('role', null);
  const statements = labelledStatements(authority);
  const denied = firstMatching(statements, 'deny', action, resource);
  if (denied !== undefined) return deny(denied.source, matchingActionGlob(denied.statement, action));
  if (!roleAllows(authority.capRole, action)) return deny('role', null);
  const scope = authority.scopes.find((glob) => globMatches(glob, action));
  if (scope !== undefined) return allow('scope', scope);
  if (authority.role !== null && roleAllows(authority.role, action)) {
    return allow('role', ROLE_GRANTS[authority.role].allow.find((glob) => globMatches(glob, action))!);
  }
  const allowed = firstMatching(statements, 'allow', action, resource);
  if (allowed !== undefined) return allow(allowed.source, matchingActionGlob(allowed.statement, action));
  return deny(authority.scopes.length > 0 ? 'scope' : 'role', null);
}

export function authorityAllows(authority: Authority, action: string, resource?: string): boolean {
  return decideAction(authority, action, resource).effect === 'allow';
}

/** What a new or widened token asks for. */
export interface RequestedGrant {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy?: readonly PolicyStatement[];
  readonly customRoles?: readonly ResolvedCustomRole[];
  readonly kind?: TokenKind;
  readonly space?: string | null;
  readonly allowedCidrs?: readonly string[] | null;
  readonly rateLimit?: RateLimitSetting | null;
  readonly expiresAtMs: number | null;
}

export type WithinResult = { readonly within: true } | { readonly within: false; readonly missing: string };

/** Action globs and resource globs a child statement could reach (negations read as everything). */
function reach(statement: PolicyStatement): { actions: readonly string[]; resources: readonly string[] } {
  return { actions: statement.actions ?? ['*'], resources: statement.resources ?? ['*'] };
}

/** No deny statement of the parent may touch what the child would be allowed. */
function clearOfParentDenies(
  parent: Authority,
  actionGlob: string,
  resourceGlobs: readonly string[],
): boolean {
  return labelledStatements(parent).every(({ statement }) => {
    if (statement.effect !== 'deny') return true;
    const touchesAction =
      reach(statement).actions.some((glob) => globsMayOverlap(glob, actionGlob)) ||
      statement.not_actions !== undefined;
    const touchesResource =
      statement.not_resources !== undefined ||
      reach(statement).resources.some((glob) =>
        resourceGlobs.some((resource) => globsMayOverlap(glob, resource)),
      );
    return !(touchesAction && touchesResource);
  });
}

/**
 * Whether the parent grants every action of `actionGlob` on every resource of `resourceGlobs`:
 * through its role or scopes (which hold on every resource) or one of its allow statements; within its
 * cap; and clear of its deny statements.
 */
function parentCovers(parent: Authority, actionGlob: string, resourceGlobs: readonly string[]): boolean {
  if (!roleCoversGlob(parent.capRole, actionGlob)) return false;
  if (!clearOfParentDenies(parent, actionGlob, resourceGlobs)) return false;
  if (parent.role !== null && roleCoversGlob(parent.role, actionGlob)) return true;
  if (parent.scopes.some((scope) => globCovers(scope, actionGlob))) return true;
  return labelledStatements(parent).some(
    ({ statement }) =>
      statement.effect === 'allow' &&
      statement.actions?.some((glob) => globCovers(glob, actionGlob)) === true &&
      resourceGlobs.every(
        (resource) => statement.resources?.some((glob) => globCovers(glob, resource)) === true,
      ),
  );
}

/**
 * Roles nest (reader within writer within admin within owner), so a rank comparison is exact. Admin and
 * owner hold the same action globs yet differ (only owners manage owners), so only a role may cover them.
 */
function parentCoversRole(parent: Authority, role: Role): boolean {
  if (roleRank(role) > roleRank(parent.capRole)) return false;
  if (!ROLE_GRANTS[role].allow.every((glob) => clearOfParentDenies(parent, glob, ['*']))) return false;
  if (parent.role !== null) return roleRank(role) <= roleRank(parent.role);
  // A parent without a role: its scopes and statements must cover the role's globs outright. Treating
  // the role as its allow globs alone (ignoring its exclusions) only ever makes the child look wider.
  return (
    roleRank(role) < roleRank('admin') &&
    ROLE_GRANTS[role].allow.every((glob) => parentCovers(parent, glob, ['*']))
  );
}

/** account covers every kind; space covers only the same space; manager covers only manager. */
function kindCovers(parent: Authority, kind: TokenKind, space: string | null): boolean {
  if (parent.kind === 'account') return true;
  if (parent.kind === 'space') return kind === 'space' && space === parent.space;
  return kind === 'manager';
}

/**
 * THE "A within B" decision, used by every route that mints, widens or hands out a token: each grant
 * of the child must be covered by the parent's effective grants (glob containment; where exactness is
 * costly it errs towards refusal), its kind and space no wider, its expiry no later, and a use-limited
 * parent mints nothing. `missing` names what the parent lacks, for the 403's detail.
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
  const kind = child.kind ?? 'account';
  if (!kindCovers(parent, kind, child.space ?? null)) {
    return {
      within: false,
      missing: `kind ${kind}${child.space ? ` in space ${child.space}` : ''} (the caller is a ${parent.kind} token)`,
    };
  }
  if (parent.rateLimit !== null) {
    // No faster than the caller: at most its count, over at least its window.
    const limit = child.rateLimit;
    if (
      limit === undefined ||
      limit === null ||
      limit.limit > parent.rateLimit.limit ||
      limit.windowSeconds < parent.rateLimit.windowSeconds
    ) {
      return {
        within: false,
        missing: `rate_limit no looser than the caller's ${parent.rateLimit.limit} per ${parent.rateLimit.windowSeconds} s`,
      };
    }
  }
  if (parent.allowedCidrs !== null) {
    // Exact entries only: comparing CIDR containment is possible, but equality is enough and never wrong.
    const outside = (child.allowedCidrs ?? ['anywhere']).find((cidr) => !parent.allowedCidrs!.includes(cidr));
    if (outside !== undefined)
      return { within: false, missing: `allowed_cidrs no wider than the caller's (${outside})` };
  }
  if (child.role !== null && !parentCoversRole(parent, child.role))
    return { within: false, missing: `role ${child.role}` };
  for (const scope of child.scopes) {
    if (!parentCovers(parent, scope, ['*'])) return { within: false, missing: `scope ${scope}` };
  }
  const statements = [
    ...(child.policy ?? []).map((statement) => ({ statement, label: 'policy' })),
    ...(child.customRoles ?? []).flatMap((role) =>
      role.policy.map((statement) => ({ statement, label: `custom role ${role.key}` })),
    ),
  ];
  for (const { statement, label } of statements) {
    if (statement.effect !== 'allow') continue; // a deny only ever narrows the child
    const { actions, resources } = reach(statement);
    const uncovered = actions.find((action) => !parentCovers(parent, action, resources));
    if (uncovered !== undefined)
      return { within: false, missing: `${label}: ${uncovered} on ${resources.join(', ')}` };
  }
  return { within: true };
}
