// THE decision whether a token may do an action (on a resource): confinement, denies, cap, allows.
import { globMatches } from '../globs.js';
import { matchingActionGlob, statementMatchesAction, statementMatchesResource } from '../policy.js';
import { isPlainPath } from '../resource-path.js';
import { type Authority, MANAGER_ACTIONS } from './authority.js';
import { ROLE_GRANTS, roleAllows } from './roles.js';

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
export function labelledStatements(authority: Authority) {
  return [
    ...authority.policy.map((statement) => ({ statement, source: 'policy' as const })),
    ...authority.customRoles.flatMap((role) =>
      role.policy.map((statement) => ({ statement, source: 'custom_role' as const })),
    ),
  ];
}

export type LabelledStatement = ReturnType<typeof labelledStatements>[number];

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
 * nothing matched means denied. `objectSpace` is the space of the object named, where Tessera knows it.
 */
export function decideAction(
  authority: Authority,
  action: string,
  resource?: string,
  objectSpace?: string | null,
): ActionDecision {
  if (resource !== undefined && !isPlainPath(resource)) return deny('role', null);
  if (authority.kind === 'manager' && !MANAGER_ACTIONS.some((glob) => globMatches(glob, action)))
    return deny('role', null);
  if (!insideSpace(authority, resource, objectSpace)) return deny('role', null);
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
