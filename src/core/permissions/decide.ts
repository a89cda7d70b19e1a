// THE decision whether a token may do an action (on a resource): confinement, denies, cap, allows.
import { globMatches } from '../globs.js';
import {
  matchingActionGlob,
  type PolicyStatement,
  statementMatchesAction,
  statementMatchesResource,
} from '../policy.js';
import { isPlainPath } from '../resource-path.js';
import { type Authority, MANAGER_ACTIONS } from './authority.js';
import { ROLE_GRANTS, type Role, roleAllows } from './roles.js';

/**
 * Which grant of a token allowed an action: its role, one of its scopes (the glob), one statement of
 * its inline policy (by index) or one statement of one of its custom roles (key and index). Advice
 * (core/advice.ts) counts uses per grant. Internal: the verify answer's `decision` never carries it.
 */
export type GrantRef =
  | { readonly kind: 'role'; readonly role: Role }
  | { readonly kind: 'scope'; readonly scope: string }
  | { readonly kind: 'policy'; readonly index: number }
  | { readonly kind: 'custom_role'; readonly key: string; readonly index: number };

/**
 * The stable text of a grant, used as a database key by usage recording: `role:admin`,
 * `scope:orders:*`, `policy:2`, `custom_role:ops:0`. Unambiguous: the kind comes first and a role key
 * holds no `:` (KEY_PATTERN), so the index after the last `:` is the statement's.
 */
export function grantKey(ref: GrantRef): string {
  switch (ref.kind) {
    case 'role':
      return `role:${ref.role}`;
    case 'scope':
      return `scope:${ref.scope}`;
    case 'policy':
      return `policy:${ref.index}`;
    case 'custom_role':
      return `custom_role:${ref.key}:${ref.index}`;
  }
}

/** One frozen reference per role: a role allow costs no allocation beyond the decision itself. */
const ROLE_REFS: Readonly<Record<Role, GrantRef>> = Object.freeze({
  reader: Object.freeze({ kind: 'role', role: 'reader' }),
  writer: Object.freeze({ kind: 'role', role: 'writer' }),
  admin: Object.freeze({ kind: 'role', role: 'admin' }),
  owner: Object.freeze({ kind: 'role', role: 'owner' }),
});

/**
 * What decided an action: the first deny that matched, else the first allow, else nothing. `source`
 * names what refused or allowed: a grant's kind, the token's `space` or `kind` confining it, `role`
 * for the member's (or creator's) role capping it, and null when nothing matched at all.
 */
export interface ActionDecision {
  readonly effect: 'allow' | 'deny';
  readonly source: 'role' | 'scope' | 'policy' | 'custom_role' | 'space' | 'kind' | null;
  /** The glob that decided it; null when no grant matched at all (denied by default). */
  readonly match: string | null;
  /** The grant that allowed it: set on every allow, never on a deny. Not part of the wire. */
  readonly grant?: GrantRef;
}

const deny = (source: ActionDecision['source'], match: string | null): ActionDecision => ({
  effect: 'deny',
  source,
  match,
});
const allow = (source: ActionDecision['source'], match: string, grant: GrantRef): ActionDecision => ({
  effect: 'allow',
  source,
  match,
  grant,
});

/** Statements of the inline policy and of each custom role, labelled with where they came from. */
export function labelledStatements(authority: Authority) {
  return [
    ...authority.policy.map((statement) => ({ statement, source: 'policy' as const })),
    ...authority.customRoles.flatMap((role) =>
      role.policy.map((statement) => ({ statement, source: 'custom_role' as const })),
    ),
  ];
}

export type LabelledStatement = ReturnType<typeof labelledStatements>[number];

function statementCovers(
  statement: PolicyStatement,
  effect: 'allow' | 'deny',
  action: string,
  resource: string | undefined,
): boolean {
  return (
    statement.effect === effect &&
    statementMatchesAction(statement, action) &&
    statementMatchesResource(statement, resource)
  );
}

/** The index of the first statement of this effect that covers the action on the resource, or -1. */
function firstMatching(
  statements: readonly PolicyStatement[],
  effect: 'allow' | 'deny',
  action: string,
  resource: string | undefined,
): number {
  for (let index = 0; index < statements.length; index++) {
    if (statementCovers(statements[index]!, effect, action, resource)) return index;
  }
  return -1;
}

/** The first glob of `globs` that matches `value`, or undefined (a loop: no closure on the hot path). */
function firstGlobMatching(globs: readonly string[], value: string): string | undefined {
  for (const glob of globs) if (globMatches(glob, value)) return glob;
  return undefined;
}

/**
 * A space token acts only inside its space: on resources under `spaces/<key>`, and on objects of
 * Tessera's that live in that space (`objectSpace`: a token confined to it), whatever their path.
 */
function insideSpace(
  authority: Authority,
  resource: string | undefined,
  objectSpace?: string | null,
): boolean {
  if (authority.kind !== 'space') return true;
  if (objectSpace !== undefined) return objectSpace === authority.space;
  if (resource === undefined) return true;
  const root = `spaces/${authority.space}`;
  return resource === root || resource.startsWith(`${root}/`);
}

/**
 * THE decision whether a token may do `action` (on `resource`, if named). Order: a resource that is
 * not a plain path is refused; kind and space confine; any matching deny statement wins; the member's
 * (or creator's) role caps; then the first allow among scopes, role, inline policy, custom roles;
 * nothing matched means denied; an allow names its grant (`grant`). `objectSpace` is the space of the object named, where Tessera knows it.
 */
export function decideAction(
  authority: Authority,
  action: string,
  resource?: string,
  objectSpace?: string | null,
): ActionDecision {
  if (resource !== undefined && !isPlainPath(resource)) return deny(null, null);
  if (authority.kind === 'manager' && firstGlobMatching(MANAGER_ACTIONS, action) === undefined)
    return deny('kind', null);
  if (!insideSpace(authority, resource, objectSpace)) return deny('space', null);
  // Statements are walked in place (inline policy first, then each custom role in order): the deny
  // path allocates nothing but its decision, an allow one decision and at most one grant reference.
  const { policy, customRoles } = authority;
  let index = firstMatching(policy, 'deny', action, resource);
  if (index >= 0) return deny('policy', matchingActionGlob(policy[index]!, action));
  for (const role of customRoles) {
    index = firstMatching(role.policy, 'deny', action, resource);
    if (index >= 0) return deny('custom_role', matchingActionGlob(role.policy[index]!, action));
  }
  if (!roleAllows(authority.capRole, action)) return deny('role', null);
  const scope = firstGlobMatching(authority.scopes, action);
  if (scope !== undefined) return allow('scope', scope, { kind: 'scope', scope });
  if (authority.role !== null && roleAllows(authority.role, action)) {
    const role = authority.role;
    return allow('role', firstGlobMatching(ROLE_GRANTS[role].allow, action)!, ROLE_REFS[role]);
  }
  index = firstMatching(policy, 'allow', action, resource);
  if (index >= 0)
    return allow('policy', matchingActionGlob(policy[index]!, action), { kind: 'policy', index });
  for (const role of customRoles) {
    index = firstMatching(role.policy, 'allow', action, resource);
    if (index >= 0) {
      return allow('custom_role', matchingActionGlob(role.policy[index]!, action), {
        kind: 'custom_role',
        key: role.key,
        index,
      });
    }
  }
  return deny(null, null);
}

/**
 * Whether some deny statement could refuse `action` on one resource and not on another. Only then may
 * the decision differ between the objects of one listing's scope (so the listing must ask per object).
 */
export function hasResourceScopedDeny(authority: Authority, action: string): boolean {
  return labelledStatements(authority).some(
    ({ statement }) =>
      statement.effect === 'deny' &&
      statementMatchesAction(statement, action) &&
      (statement.not_resources !== undefined || statement.resources!.some((glob) => glob !== '*')),
  );
}

export function authorityAllows(
  authority: Authority,
  action: string,
  resource?: string,
  objectSpace?: string | null,
): boolean {
  return decideAction(authority, action, resource, objectSpace).effect === 'allow';
}
