// Policy statements (LaunchDarkly's shape): {effect, actions | not_actions, resources | not_resources}
// with `*` globs. Validation returns a problem text instead of throwing; matching is pure.
import { globMatches } from './globs.js';

export interface PolicyStatement {
  readonly effect: 'allow' | 'deny';
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
}

export const MAX_STATEMENTS = 50;
const MAX_GLOBS = 50;
const GLOB = /^[A-Za-z0-9_.*/:;-]{1,256}$/;
const STATEMENT_KEYS = new Set(['effect', 'actions', 'not_actions', 'resources', 'not_resources']);

function globList(value: unknown, field: string): string | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_GLOBS)
    return `${field} must list 1 to ${MAX_GLOBS} globs`;
  return value.every((glob) => typeof glob === 'string' && GLOB.test(glob))
    ? null
    : `${field} holds a glob with characters outside A-Z a-z 0-9 _ . * / : ; -`;
}

/** `**` means what `*` means; collapsing runs keeps every glob in one canonical spelling. */
export function canonicalGlob(glob: string): string {
  return glob.replace(/\*+/g, '*');
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
  return value.map((statement) => canonicalStatement(statement as Record<string, unknown>));
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
