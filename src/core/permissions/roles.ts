// Roles and scopes: what each role grants, and the bounds of a scope string. Pure.
import { globMatches, MAX_GLOB_STARS, starCount } from '../globs.js';

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
  // Webhooks see every event of the tenant (members, every token): admins' and owners' business only.
  reader: { allow: ['*:read'], deny: ['webhooks:read'] },
  writer: { allow: ['*'], deny: ['members:write', 'roles:write', 'webhooks:*', 'tokens:import'] },
  admin: { allow: ['*'], deny: [] },
  owner: { allow: ['*'], deny: [] },
};

/** Scopes are free strings such as `orders:read`, bounded in length and character set. */
export const SCOPE_PATTERN = '^[A-Za-z0-9_.*/-]+(:[A-Za-z0-9_.*/-]+)*$';
export const SCOPE_MAX_LENGTH = 128;
export const MAX_SCOPES = 50;
const SCOPE_REGEX = new RegExp(SCOPE_PATTERN);

/** Why a list of scopes is refused (count, length, characters, `*` count), or null. */
export function scopesProblem(scopes: readonly unknown[]): string | null {
  if (scopes.length > MAX_SCOPES) return `a token holds at most ${MAX_SCOPES} scopes`;
  for (const scope of scopes) {
    if (
      typeof scope !== 'string' ||
      scope.length === 0 ||
      scope.length > SCOPE_MAX_LENGTH ||
      !SCOPE_REGEX.test(scope)
    )
      return `each scope is 1 to ${SCOPE_MAX_LENGTH} characters of A-Z a-z 0-9 _ . * / - in :-separated parts`;
    if (starCount(scope) > MAX_GLOB_STARS) return `a scope holds at most ${MAX_GLOB_STARS} *`;
  }
  return null;
}

/** Whether a role grants an action: its allow globs, less its exclusions (writer has no members:write). */
export function roleAllows(role: Role, action: string): boolean {
  const grants = ROLE_GRANTS[role];
  return (
    grants.allow.some((glob) => globMatches(glob, action)) &&
    !grants.deny.some((glob) => globMatches(glob, action))
  );
}
