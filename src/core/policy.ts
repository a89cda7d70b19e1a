// Policy statements (LaunchDarkly's shape): {effect, actions | not_actions, resources | not_resources}
// with `*` globs. Validation returns a problem text instead of throwing; matching is pure.
import {
  canonicalGlob,
  globMatches,
  MAX_ACTION_GLOB_LENGTH,
  MAX_GLOB_STARS,
  MAX_RESOURCE_GLOB_LENGTH,
  starCount,
} from './globs.js';
import { plainPathProblem } from './resource-path.js';

export { canonicalGlob };

export interface PolicyStatement {
  readonly effect: 'allow' | 'deny';
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
}

export const MAX_STATEMENTS = 50;
/**
 * A token holds at most this many globs across its scopes and policy statements, and a custom role's
 * policy as many: with the per-glob bounds this caps the work of matching and of containment.
 */
export const MAX_GLOBS_PER_TOKEN = 50;
const GLOB_CHARACTERS = /^[A-Za-z0-9_.*/:;-]+$/;
const STATEMENT_KEYS = new Set(['effect', 'actions', 'not_actions', 'resources', 'not_resources']);

/** Why one glob is refused, or null: characters, length and `*` count, and plain paths for resources. */
export function globProblem(glob: unknown, field: 'actions' | 'resources' | 'scopes'): string | null {
  const maxLength = field === 'resources' ? MAX_RESOURCE_GLOB_LENGTH : MAX_ACTION_GLOB_LENGTH;
  if (typeof glob !== 'string' || glob.length === 0 || glob.length > maxLength)
    return `${field} holds a glob that is not a string of 1 to ${maxLength} characters`;
  if (!GLOB_CHARACTERS.test(glob))
    return `${field} holds a glob with characters outside A-Z a-z 0-9 _ . * / : ; -`;
  if (starCount(glob) > MAX_GLOB_STARS) return `${field} holds a glob with more than ${MAX_GLOB_STARS} *`;
  if (field === 'resources') {
    const problem = plainPathProblem(glob);
    if (problem !== null) return `${field}: ${problem}`;
  }
  return null;
}

type GlobField = 'actions' | 'not_actions' | 'resources' | 'not_resources';

function globList(value: unknown, field: GlobField): string | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_GLOBS_PER_TOKEN)
    return `${field} must list 1 to ${MAX_GLOBS_PER_TOKEN} globs`;
  const kind = field.endsWith('resources') ? 'resources' : 'actions';
  for (const glob of value) {
    const problem = globProblem(glob, kind);
    if (problem !== null) return problem;
  }
  return null;
}

/** How many globs statements hold (actions and resources, negated ones included). */
export function policyGlobCount(policy: readonly PolicyStatement[]): number {
  let count = 0;
  for (const statement of policy) {
    count += (statement.actions ?? statement.not_actions ?? []).length;
    count += (statement.resources ?? statement.not_resources ?? []).length;
  }
  return count;
}

/** The per-token bound on globs, across scopes and inline statements; null when within it. */
export function tokenGlobsProblem(
  scopes: readonly string[],
  policy: readonly PolicyStatement[] | null,
): string | null {
  const total = scopes.length + policyGlobCount(policy ?? []);
  return total > MAX_GLOBS_PER_TOKEN
    ? `a token holds at most ${MAX_GLOBS_PER_TOKEN} globs across scopes and policy statements (this one ${total})`
    : null;
}

function canonicalStatement(statement: Record<string, unknown>): PolicyStatement {
  const canonical: Record<string, unknown> = { effect: statement.effect };
  for (const field of ['actions', 'not_actions', 'resources', 'not_resources']) {
    if (statement[field] !== undefined) canonical[field] = (statement[field] as string[]).map(canonicalGlob);
  }
  return canonical as unknown as PolicyStatement;
}

/** The statements, checked and canonical; or a text saying what is wrong with them. */
export function parsePolicy(value: unknown): readonly PolicyStatement[] | string {
  if (!Array.isArray(value) || value.length > MAX_STATEMENTS)
    return `a policy is an array of at most ${MAX_STATEMENTS} statements`;
  for (const [index, statement] of value.entries()) {
    const where = `statement ${index}`;
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
      return `${where} must be an object`;
    const unknown = Object.keys(statement).find((key) => !STATEMENT_KEYS.has(key));
    if (unknown !== undefined) return `${where} has an unknown field "${unknown.slice(0, 40)}"`;
    const { effect, actions, not_actions, resources, not_resources } = statement as Record<string, unknown>;
    if (effect !== 'allow' && effect !== 'deny') return `${where}: effect must be allow or deny`;
    if ((actions === undefined) === (not_actions === undefined))
      return `${where} needs exactly one of actions and not_actions`;
    if ((resources === undefined) === (not_resources === undefined))
      return `${where} needs exactly one of resources and not_resources`;
    const problem =
      globList(actions ?? not_actions, actions !== undefined ? 'actions' : 'not_actions') ??
      globList(resources ?? not_resources, resources !== undefined ? 'resources' : 'not_resources');
    if (problem !== null) return `${where}: ${problem}`;
  }
  const statements = value as PolicyStatement[];
  if (policyGlobCount(statements) > MAX_GLOBS_PER_TOKEN)
    return `a policy holds at most ${MAX_GLOBS_PER_TOKEN} globs across its statements`;
  return value.map((statement) => canonicalStatement(statement as Record<string, unknown>));
}

/**
 * One text per statement content, whatever its object's key order: two statements with the same key
 * match exactly the same (action, resource) pairs.
 */
export function statementKey(statement: PolicyStatement): string {
  return JSON.stringify([
    statement.effect,
    statement.actions ?? null,
    statement.not_actions ?? null,
    statement.resources ?? null,
    statement.not_resources ?? null,
  ]);
}

export function statementMatchesAction(statement: PolicyStatement, action: string): boolean {
  return statement.actions !== undefined
    ? statement.actions.some((glob) => globMatches(glob, action))
    : !statement.not_actions!.some((glob) => globMatches(glob, action));
}

/**
 * Without a resource only the action is asked: a statement then counts only where its resources
 * include `*` (SPEC). A not_resources statement never matches an unnamed resource.
 */
export function statementMatchesResource(statement: PolicyStatement, resource: string | undefined): boolean {
  if (resource === undefined) return statement.resources?.some((glob) => /^\*+$/.test(glob)) ?? false;
  return statement.resources !== undefined
    ? statement.resources.some((glob) => globMatches(glob, resource))
    : !statement.not_resources!.some((glob) => globMatches(glob, resource));
}

/** The action glob of a statement that matched an action, for the decision's `match`. */
export function matchingActionGlob(statement: PolicyStatement, action: string): string {
  return (
    statement.actions?.find((glob) => globMatches(glob, action)) ?? `not ${statement.not_actions!.join(',')}`
  );
}
