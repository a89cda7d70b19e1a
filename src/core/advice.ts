// Least-privilege advice: which grants of a token decided its observed uses, and the narrowest
// permissions (a PATCH body) that would still have allowed every one of them. Pure.
//
// The answer of `GET /v1/tokens/{id}/advice` is `{"token_id", "days", ...Advice}`:
//
//   {
//     "token_id": "tok_…", "days": 30,
//     "used": [
//       {"key": "scope:orders:*", "source": "scope", "scope": "orders:*", "uses": 12},
//       {"key": "policy:0", "source": "policy", "index": 0,
//        "statement": {"effect": "allow", "actions": ["deploy:*"], "resources": ["services/*"]}, "uses": 3}
//     ],
//     "unused": [
//       {"key": "role:admin", "source": "role", "role": "admin", "uses": 0},
//       {"key": "custom_role:ops:1", "source": "custom_role", "custom_role": "ops", "index": 1,
//        "statement": {…}, "uses": 0}
//     ],
//     "suggested": {"role": null, "scopes": ["orders:read"],
//                   "policy": [{"effect": "allow", "actions": ["deploy:run"], "resources": ["services/api"]}],
//                   "custom_roles": null},
//     "precision": "exact"
//   }
//
// A grant is one of: the token's role, one scope, one allow statement of its inline policy, one allow
// statement of one custom role (deny statements grant nothing, so they are never "used"). `used` and
// `unused` list them in the token's order (role, scopes, policy, custom roles) and together hold every
// grant once. `suggested` is an RFC 7396 merge patch for `PATCH /v1/tokens/{id}` that replaces the
// token's role, scopes, policy and custom roles (`null` clears; custom roles are folded into inline
// statements, so `custom_roles` is null unless the bounds force keeping some by key).
import {
  type Authority,
  decideAction,
  denyMayTouch,
  type GrantRef,
  grantKey,
  isWithin,
  lowerRole,
  MAX_SCOPES,
  ROLE_GRANTS,
  type Role,
  scopesProblem,
} from './permissions.js';
import {
  globProblem,
  MAX_GLOBS_PER_TOKEN,
  type PolicyStatement,
  policyGlobCount,
  statementKey,
} from './policy.js';
import { MAX_CUSTOM_ROLES } from './token-fields.js';

/** What the verifier records per token and day: the grant that allowed an action, and how often. */
export interface ObservedUse {
  readonly grantKey: string;
  readonly action: string;
  /** The resource the verification named; null when it asked the action alone. */
  readonly resource: string | null;
  readonly count: number;
}

/** One grant of the token as the advice answer shows it (wire names: it is written out as is). */
export interface AdvisedGrant {
  /** grantKey(ref): `role:admin`, `scope:orders:*`, `policy:2`, `custom_role:ops:0`. */
  readonly key: string;
  readonly source: GrantRef['kind'];
  /** source role: the role. */
  readonly role?: Role;
  /** source scope: the scope glob. */
  readonly scope?: string;
  /** source custom_role: the role's key. */
  readonly custom_role?: string;
  /** source policy or custom_role: the statement's index in its policy, and the statement. */
  readonly index?: number;
  readonly statement?: PolicyStatement;
  /** How many observed verifications it allowed. */
  readonly uses: number;
}

/** A valid body for `PATCH /v1/tokens/{id}` (merge patch): the token's permissions, replaced. */
export interface SuggestedPermissions {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly PolicyStatement[] | null;
  readonly custom_roles: readonly string[] | null;
}

export interface Advice {
  readonly used: readonly AdvisedGrant[];
  readonly unused: readonly AdvisedGrant[];
  readonly suggested: SuggestedPermissions;
  /**
   * `exact`: the suggestion allows the observed actions on the observed resources and little else.
   * `generalised`: the per-token bounds (50 scopes, 50 globs), or an observed string no glob can spell
   * exactly, made it keep some grants as the token holds them; still never wider than the token.
   */
  readonly precision: 'exact' | 'generalised';
}

/** A grant of the token with what was observed through it: action → resources (null: none named). */
interface GrantUses {
  readonly ref: GrantRef;
  readonly key: string;
  readonly statement: PolicyStatement | null;
  uses: number;
  readonly observed: Map<string, Set<string | null>>;
}

/** Every grant of the token, in its order: role, scopes, inline allow statements, custom role ones. */
function grantsOf(authority: Authority): GrantUses[] {
  const entry = (ref: GrantRef, statement: PolicyStatement | null): GrantUses => ({
    ref,
    key: grantKey(ref),
    statement,
    uses: 0,
    observed: new Map(),
  });
  const grants: GrantUses[] = [];
  if (authority.role !== null) grants.push(entry({ kind: 'role', role: authority.role }, null));
  for (const scope of authority.scopes) grants.push(entry({ kind: 'scope', scope }, null));
  authority.policy.forEach((statement, index) => {
    if (statement.effect === 'allow') grants.push(entry({ kind: 'policy', index }, statement));
  });
  for (const role of authority.customRoles) {
    role.policy.forEach((statement, index) => {
      if (statement.effect === 'allow')
        grants.push(entry({ kind: 'custom_role', key: role.key, index }, statement));
    });
  }
  return grants;
}

function advisedGrant(grant: GrantUses): AdvisedGrant {
  const { ref, key, uses } = grant;
  switch (ref.kind) {
    case 'role':
      return { key, source: 'role', role: ref.role, uses };
    case 'scope':
      return { key, source: 'scope', scope: ref.scope, uses };
    case 'policy':
      return { key, source: 'policy', index: ref.index, statement: grant.statement!, uses };
    case 'custom_role':
      return {
        key,
        source: 'custom_role',
        custom_role: ref.key,
        index: ref.index,
        statement: grant.statement!,
        uses,
      };
  }
}

/** An action spelled exactly as a scope: a valid scope with no `*` (a `*` would match more). */
const exactScope = (action: string) => !action.includes('*') && scopesProblem([action]) === null;
/** An action or resource spelled exactly as a statement glob. */
const exactGlob = (value: string, field: 'actions' | 'resources') =>
  !value.includes('*') && globProblem(value, field) === null;

/**
 * Role and scope grants hold on every resource, and a statement's use without a resource matched
 * through its `*` resource: their exact copy holds on every resource too (a scope, or a statement on
 * `*`). A statement's uses with resources are copied as exactly those resources.
 */
function holdsEverywhere(grant: GrantUses, resources: ReadonlySet<string | null>): boolean {
  return grant.ref.kind === 'role' || grant.ref.kind === 'scope' || resources.has(null);
}

/** Whether every observed use of a grant can be written exactly (else it is kept as the token holds it). */
function exactlyWritable(grant: GrantUses): boolean {
  for (const [action, resources] of grant.observed) {
    if (holdsEverywhere(grant, resources)) {
      if (!exactScope(action) && !exactGlob(action, 'actions')) return false;
    } else {
      if (!exactGlob(action, 'actions')) return false;
      for (const resource of resources) if (!exactGlob(resource!, 'resources')) return false;
    }
  }
  return true;
}

/**
 * One glob over several plain strings: their longest common prefix, `*`, their longest common suffix
 * (shortened so that the two never overlap in the shortest). It matches every one of them.
 */
function patternOver(values: readonly string[]): string {
  if (values.length === 1) return values[0]!;
  let prefix = values[0]!;
  let suffix = values[0]!;
  let shortest = values[0]!.length;
  for (const value of values) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
    while (!value.endsWith(suffix)) suffix = suffix.slice(1);
    shortest = Math.min(shortest, value.length);
  }
  if (prefix.length + suffix.length > shortest)
    suffix = suffix.slice(prefix.length + suffix.length - shortest);
  return `${prefix}*${suffix}`;
}

/** A grant's uses generalised: a scope, or one statement. */
type Pattern = { readonly scope: string } | { readonly statement: PolicyStatement };

/**
 * The generalisations of a grant's uses (the steps between exact and the grant as the token holds
 * it), narrowest first: for a role or scope grant one glob over its actions as a scope; for a
 * statement the exact actions on one glob over the resources, one glob over the actions on the exact
 * resources, then one glob each. They may allow more than was observed, so one is taken only when
 * the suggestion stays within the token ("A within B" decides, in adviseLeastPrivilege).
 */
function patternsOf(grant: GrantUses): Pattern[] {
  const actions = [...grant.observed.keys()].sort();
  if (actions.some((action) => action.includes('*'))) return [];
  const action = patternOver(actions);
  const resources = new Set<string | null>();
  for (const observed of grant.observed.values()) for (const resource of observed) resources.add(resource);
  const everywhere = grant.ref.kind === 'role' || grant.ref.kind === 'scope' || resources.has(null);
  const patterns: Pattern[] = [];
  if (everywhere && scopesProblem([action]) === null) patterns.push({ scope: action });
  const named = [...resources].filter((resource): resource is string => resource !== null).sort();
  if (named.some((resource) => resource.includes('*'))) return patterns;
  const resource = everywhere ? '*' : patternOver(named);
  const valid = (values: readonly string[], field: 'actions' | 'resources') =>
    values.length <= MAX_GLOBS_PER_TOKEN && values.every((value) => globProblem(value, field) === null);
  const sides: [readonly string[], readonly string[]][] = everywhere
    ? [[[action], ['*']]]
    : [
        [actions, [resource]],
        [[action], named],
        [[action], [resource]],
      ];
  for (const [actionSide, resourceSide] of sides) {
    if (valid(actionSide, 'actions') && valid(resourceSide, 'resources'))
      patterns.push({ statement: { effect: 'allow', actions: actionSide, resources: resourceSide } });
  }
  return patterns;
}

/**
 * A statement grant kept, but narrowed side by side: its actions become the observed actions when
 * each can be spelled exactly, its resources the observed resources likewise (`*` when a use named
 * none: the statement then holds `*`). Each side is a subset of the statement's, and a statement is
 * the product of its sides, so this allows no more than the statement; a negated side stays negated
 * only when it cannot be spelled, the one case "A within B" cannot prove.
 */
function narrowedStatement(grant: GrantUses): PolicyStatement {
  const statement = grant.statement!;
  const actions = [...grant.observed.keys()];
  const resources = new Set<string | null>();
  for (const observed of grant.observed.values()) for (const resource of observed) resources.add(resource);
  const named = [...resources].filter((resource): resource is string => resource !== null);
  const spelled = (values: readonly string[], field: 'actions' | 'resources') =>
    values.length <= MAX_GLOBS_PER_TOKEN && values.every((value) => exactGlob(value, field));
  const actionSide = spelled(actions, 'actions')
    ? { actions: actions.sort() }
    : statement.actions !== undefined
      ? { actions: statement.actions }
      : { not_actions: statement.not_actions! };
  const resourceSide = resources.has(null)
    ? { resources: ['*'] }
    : spelled(named, 'resources')
      ? { resources: named.sort() }
      : statement.resources !== undefined
        ? { resources: statement.resources }
        : { not_resources: statement.not_resources! };
  return { effect: 'allow', ...actionSide, ...resourceSide };
}

/**
 * How each used grant enters the suggestion: `exact` copies its uses, `pattern` generalises them to
 * one glob, `narrowed` keeps the grant (a statement narrowed side by side, a role lowered to the cap),
 * `whole` keeps it as the token holds it (a custom role statement inline), `key` keeps a custom role
 * statement through its role's key.
 */
type Mode = 'exact' | 'pattern' | 'narrowed' | 'whole' | 'key';

/** The allow side of a suggestion before denies are added. */
interface Draft {
  role: Role | null;
  readonly scopes: Set<string>;
  /**
   * Exact statement uses per grant: action → resources (`*` for uses without a resource that no scope
   * can spell). Kept apart per grant: "A within B" covers a statement only by one statement of the
   * token, so resources two grants allowed never share a statement.
   */
  readonly exact: Map<GrantUses, Map<string, Set<string>>>;
  readonly verbatim: PolicyStatement[];
  readonly keys: Set<string>;
}

function draftOf(
  used: readonly GrantUses[],
  modes: ReadonlyMap<GrantUses, Mode>,
  patterns: ReadonlyMap<GrantUses, Pattern>,
  capRole: Role,
): Draft {
  const draft: Draft = { role: null, scopes: new Set(), exact: new Map(), verbatim: [], keys: new Set() };
  const exactly = (grant: GrantUses, action: string, resource: string) => {
    const actions = draft.exact.get(grant) ?? new Map<string, Set<string>>();
    const resources = actions.get(action) ?? new Set<string>();
    resources.add(resource);
    actions.set(action, resources);
    draft.exact.set(grant, actions);
  };
  for (const grant of used) {
    const mode = modes.get(grant)!;
    const { ref } = grant;
    const pattern = mode === 'pattern' ? patterns.get(grant) : undefined;
    if (pattern !== undefined) {
      if ('scope' in pattern) draft.scopes.add(pattern.scope);
      else draft.verbatim.push(pattern.statement);
    } else if (mode === 'key' && ref.kind === 'custom_role') {
      draft.keys.add(ref.key);
    } else if (mode !== 'exact') {
      // The role acts capped anyway; naming the lower of the two is the same grant, and within the token.
      if (ref.kind === 'role') draft.role = lowerRole(ref.role, capRole);
      else if (ref.kind === 'scope') draft.scopes.add(ref.scope);
      else draft.verbatim.push(mode === 'narrowed' ? narrowedStatement(grant) : grant.statement!);
    } else {
      for (const [action, resources] of grant.observed) {
        const everywhere = holdsEverywhere(grant, resources);
        if (everywhere && exactScope(action)) draft.scopes.add(action);
        else if (everywhere) exactly(grant, action, '*');
        else for (const resource of resources) exactly(grant, action, resource!);
      }
    }
  }
  return draft;
}

/**
 * Exact uses as few statements as possible without widening: within one grant, actions with the same
 * resources share a statement (a product of exactly what was observed).
 */
function exactStatements(draft: Draft): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const actions of draft.exact.values()) {
    const byResources = new Map<string, { actions: string[]; resources: string[] }>();
    for (const [action, resourceSet] of actions) {
      if (draft.scopes.has(action)) continue; // the scope already allows it everywhere
      const resources = resourceSet.has('*') ? ['*'] : [...resourceSet].sort();
      const key = JSON.stringify(resources);
      const group = byResources.get(key) ?? { actions: [], resources };
      group.actions.push(action);
      byResources.set(key, group);
    }
    for (const { actions: grouped, resources } of byResources.values())
      statements.push({ effect: 'allow', actions: grouped.sort(), resources });
  }
  return statements.sort((left, right) => statementKey(left).localeCompare(statementKey(right)));
}

/**
 * The suggestion for a draft: its allows, plus every deny of the token that may touch one of them
 * (inline, unless it comes with a custom role kept by key). A deny that touches none cannot refuse
 * anything the suggestion allows, so leaving it out changes nothing.
 */
function suggestionOf(draft: Draft, authority: Authority): SuggestedPermissions {
  const statements = [...exactStatements(draft), ...draft.verbatim];
  const reaches: [string, readonly string[]][] = [];
  if (draft.role !== null) for (const glob of ROLE_GRANTS[draft.role].allow) reaches.push([glob, ['*']]);
  for (const scope of draft.scopes) reaches.push([scope, ['*']]);
  const kept = authority.customRoles.filter((role) => draft.keys.has(role.key));
  for (const statement of [...statements, ...kept.flatMap((role) => role.policy)]) {
    if (statement.effect !== 'allow') continue;
    for (const action of statement.actions ?? ['*']) reaches.push([action, statement.resources ?? ['*']]);
  }
  const carried = new Set(kept.flatMap((role) => role.policy.map(statementKey)));
  const denies = new Map<string, PolicyStatement>();
  const tokenDenies = [...authority.policy, ...authority.customRoles.flatMap((role) => role.policy)];
  for (const statement of tokenDenies) {
    if (statement.effect !== 'deny') continue;
    const key = statementKey(statement);
    if (carried.has(key) || denies.has(key)) continue;
    if (reaches.some(([action, resources]) => denyMayTouch(statement, action, resources)))
      denies.set(key, statement);
  }
  const policy = [...new Map(statements.map((statement) => [statementKey(statement), statement])).values()];
  policy.push(...denies.values());
  return {
    role: draft.role,
    scopes: [...draft.scopes].sort(),
    policy: policy.length > 0 ? policy : null,
    custom_roles: kept.length > 0 ? kept.map((role) => role.key) : null,
  };
}

/** Whether a suggestion is a valid PATCH body: the per-token bounds (each string is valid already). */
function withinBounds(suggested: SuggestedPermissions): boolean {
  const policy = suggested.policy ?? [];
  return (
    suggested.scopes.length <= MAX_SCOPES &&
    suggested.scopes.length + policyGlobCount(policy) <= MAX_GLOBS_PER_TOKEN &&
    policy.every(
      (statement) =>
        (statement.actions ?? statement.not_actions)!.length <= MAX_GLOBS_PER_TOKEN &&
        (statement.resources ?? statement.not_resources)!.length <= MAX_GLOBS_PER_TOKEN,
    ) &&
    (suggested.custom_roles ?? []).length <= MAX_CUSTOM_ROLES
  );
}

/** How many scopes and globs a suggestion holds: what the bounds count, and what generalising lowers. */
function globTotal(suggested: SuggestedPermissions): number {
  return suggested.scopes.length + policyGlobCount(suggested.policy ?? []);
}

/** How many globs a grant's exact copy costs (the order in which grants are generalised). */
function exactCost(grant: GrantUses): number {
  let cost = 0;
  for (const resources of grant.observed.values())
    cost += holdsEverywhere(grant, resources) ? 1 : 1 + resources.size;
  return cost;
}

/**
 * Whether applying the suggestion keeps the token within itself: its grants compared by "A within B"
 * (conservative: it may refuse what is in fact narrower, never accept what is wider). The token's own
 * limits (expiry, use limit, kind) are not what a suggestion changes, so only the grants are compared.
 */
function provablyWithin(suggested: SuggestedPermissions, authority: Authority): boolean {
  const keys = new Set(suggested.custom_roles ?? []);
  return isWithin(
    {
      role: suggested.role,
      scopes: suggested.scopes,
      policy: suggested.policy ?? [],
      customRoles: authority.customRoles.filter((role) => keys.has(role.key)),
      kind: authority.kind,
      space: authority.space,
      allowedCidrs: authority.allowedCidrs,
      rateLimit: authority.rateLimit,
      expiresAtMs: null,
    },
    { ...authority, usesLimited: false, expiresAtMs: null },
  ).within;
}

/**
 * The least-privilege advice for a token (`authority`: its own, as verify derives it) from its observed
 * uses. Each use is decided again against the token as it is now: a use it no longer allows (narrowed
 * since) is left out, and the grant that allows it now is the one counted, so the recorded grant key is
 * a hint that only matters while the token is unchanged. A token never used gets every grant unused
 * and the empty suggestion (no role, scopes, policy or custom roles: it would allow no action).
 *
 * The suggestion is exact when it fits the bounds; otherwise the grants whose exact copy costs most
 * are kept as the token holds them, one at a time, until it fits (those provably within the token
 * first), and as a last step custom role statements are kept through their role's key.
 */
export function adviseLeastPrivilege(authority: Authority, observed: readonly ObservedUse[]): Advice {
  const grants = grantsOf(authority);
  const byKey = new Map(grants.map((grant) => [grant.key, grant]));
  for (const use of observed) {
    if (!(use.count > 0)) continue;
    const decision = decideAction(authority, use.action, use.resource ?? undefined);
    if (decision.effect !== 'allow' || decision.grant === undefined) continue;
    const grant = byKey.get(grantKey(decision.grant));
    if (grant === undefined) continue;
    grant.uses += use.count;
    const resources = grant.observed.get(use.action) ?? new Set<string | null>();
    resources.add(use.resource);
    grant.observed.set(use.action, resources);
  }
  const used = grants.filter((grant) => grant.uses > 0);
  const modes = new Map<GrantUses, Mode>(
    used.map((grant) => [grant, exactlyWritable(grant) ? 'exact' : 'narrowed']),
  );
  const patterns = new Map<GrantUses, Pattern>();
  const suggest = () => suggestionOf(draftOf(used, modes, patterns, authority.capRole), authority);
  const choose = (grant: GrantUses, step: Pattern | 'narrowed') => {
    if (step === 'narrowed') modes.set(grant, 'narrowed');
    else {
      modes.set(grant, 'pattern');
      patterns.set(grant, step);
    }
  };
  let suggested = suggest();
  // Over the bounds: generalise the costliest exact grants first, each by the narrowest step that
  // saves globs and keeps the suggestion provably within the token (a pattern, else the grant narrowed).
  if (!withinBounds(suggested)) {
    let within = provablyWithin(suggested, authority);
    const costliest = used
      .filter((grant) => modes.get(grant) === 'exact')
      .sort((left, right) => exactCost(right) - exactCost(left));
    for (const grant of costliest) {
      if (withinBounds(suggested)) break;
      // The narrowest step that brings the suggestion within the bounds, else the one saving most.
      let best: { step: Pattern | 'narrowed'; trial: SuggestedPermissions; within: boolean } | null = null;
      for (const step of [...patternsOf(grant), 'narrowed' as const]) {
        choose(grant, step);
        const trial = suggest();
        const trialWithin = provablyWithin(trial, authority);
        if (globTotal(trial) >= globTotal(best?.trial ?? suggested) || (within && !trialWithin)) continue;
        best = { step, trial, within: trialWithin };
        if (withinBounds(trial)) break;
      }
      if (best === null) {
        modes.set(grant, 'exact');
        continue;
      }
      choose(grant, best.step);
      suggested = best.trial;
      within = best.within;
    }
  }
  if (!withinBounds(suggested)) {
    for (const grant of used) modes.set(grant, grant.ref.kind === 'custom_role' ? 'key' : 'whole');
    suggested = suggest();
  }
  if (!withinBounds(suggested)) {
    // Only a token itself out of bounds gets here: suggest it as it is (never wider, always its own).
    suggested = {
      role: authority.role === null ? null : lowerRole(authority.role, authority.capRole),
      scopes: authority.scopes,
      policy: authority.policy.length > 0 ? authority.policy : null,
      custom_roles: authority.customRoles.length > 0 ? authority.customRoles.map((role) => role.key) : null,
    };
  }
  return {
    used: used.map(advisedGrant),
    unused: grants.filter((grant) => grant.uses === 0).map(advisedGrant),
    suggested,
    precision: [...modes.values()].every((mode) => mode === 'exact') ? 'exact' : 'generalised',
  };
}
