// "A within B": whether a new or widened token stays within its creator, with a work budget.
import { globCovers, globsMayOverlap, type WorkMeter } from '../globs.js';
import { type PolicyStatement, statementKey } from '../policy.js';
import type { RateLimitSetting } from '../rate-limit.js';
import type { Authority, ResolvedCustomRole, TokenKind } from './authority.js';
import { type LabelledStatement, labelledStatements } from './decide.js';
import { ROLE_GRANTS, type Role, roleRank } from './roles.js';

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

export type WithinResult =
  | { readonly within: true }
  | { readonly within: false; readonly missing: string; readonly tooComplex?: true };

/**
 * The work budget of one "A within B" decision, in glob steps (characters compared). With at most 50
 * globs a token and linear glob operations an ordinary check spends a few thousand; the budget stops
 * the rare parent and child whose product of globs would block the event loop (SPEC: past it the
 * check refuses, erring towards refusal as containment may).
 */
export const CONTAINMENT_BUDGET_STEPS = 2_000_000;

/** Thrown inside one containment check when its budget is spent; never escapes `isWithin`. */
class BudgetSpent extends Error {}

/** Action globs and resource globs a child statement could reach (negations read as everything). */
function reach(statement: PolicyStatement): { actions: readonly string[]; resources: readonly string[] } {
  return { actions: statement.actions ?? ['*'], resources: statement.resources ?? ['*'] };
}

/**
 * Whether a deny statement may refuse some action of `actionGlob` on some resource of
 * `resourceGlobs`. Conservative (overlap may be claimed where there is none; a negation touches
 * everything): a false answer proves the deny can never refuse what those globs reach.
 */
export function denyMayTouch(
  statement: PolicyStatement,
  actionGlob: string,
  resourceGlobs: readonly string[],
  meter?: WorkMeter,
): boolean {
  const touchesAction =
    statement.not_actions !== undefined ||
    reach(statement).actions.some((glob) => globsMayOverlap(glob, actionGlob, meter));
  if (!touchesAction) return false;
  return (
    statement.not_resources !== undefined ||
    reach(statement).resources.some((glob) =>
      resourceGlobs.some((resource) => globsMayOverlap(glob, resource, meter)),
    )
  );
}

/**
 * The content keys of the deny statements a requested grant carries in its own inline policy. Only
 * inline ones: a custom role is named by key and may be edited later, so a deny carried through one
 * could be dropped without any check of this token (then the child would escape the parent's deny).
 * An inline policy changes only through a PATCH, which runs this check again.
 */
function denyKeysOf(child: RequestedGrant): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const statement of child.policy ?? [])
    if (statement.effect === 'deny') keys.add(statementKey(statement));
  return keys;
}

/** One containment check against one parent: every glob operation is metered against the budget. */
class Containment {
  private readonly meter: WorkMeter = { steps: 0 };
  private readonly statements: readonly LabelledStatement[];
  /**
   * The parent's deny statements the child does not carry itself. A deny the child carries too (the
   * same statement) refuses, in the child, exactly what it refuses in the parent: whatever the child
   * is allowed is clear of it, so it cannot make the child wider (how a least-privilege suggestion,
   * which keeps the token's denies, stays within the token).
   */
  private readonly parentDenies: readonly PolicyStatement[];

  constructor(
    private readonly parent: Authority,
    private readonly budgetSteps: number,
    childDenyKeys: ReadonlySet<string> = new Set(),
  ) {
    this.statements = labelledStatements(parent);
    this.parentDenies = this.statements
      .map(({ statement }) => statement)
      .filter((statement) => statement.effect === 'deny' && !childDenyKeys.has(statementKey(statement)));
  }

  get stepsSpent(): number {
    return this.meter.steps;
  }

  private spent(): void {
    if (this.meter.steps > this.budgetSteps) throw new BudgetSpent();
  }

  private covers(outer: string, inner: string): boolean {
    const covered = globCovers(outer, inner, this.meter);
    this.spent();
    return covered;
  }

  private overlaps(left: string, right: string): boolean {
    const overlap = globsMayOverlap(left, right, this.meter);
    this.spent();
    return overlap;
  }

  /** Whether every action a glob can match is granted by the role (covered, and clear of its exclusions). */
  private roleCoversGlob(role: Role, glob: string): boolean {
    const grants = ROLE_GRANTS[role];
    return (
      grants.allow.some((outer) => this.covers(outer, glob)) &&
      !grants.deny.some((denied) => this.overlaps(denied, glob))
    );
  }

  /** No deny statement of the parent (but those the child carries too) may touch what the child would be allowed. */
  private clearOfParentDenies(actionGlob: string, resourceGlobs: readonly string[]): boolean {
    return this.parentDenies.every((statement) => {
      const touches = denyMayTouch(statement, actionGlob, resourceGlobs, this.meter);
      this.spent();
      return !touches;
    });
  }

  /**
   * Whether the parent grants every action of `actionGlob` on every resource of `resourceGlobs`:
   * through its role or scopes (which hold on every resource) or one of its allow statements; within
   * its cap; and clear of its deny statements.
   */
  coversAction(actionGlob: string, resourceGlobs: readonly string[]): boolean {
    const parent = this.parent;
    if (!this.roleCoversGlob(parent.capRole, actionGlob)) return false;
    if (!this.clearOfParentDenies(actionGlob, resourceGlobs)) return false;
    if (parent.role !== null && this.roleCoversGlob(parent.role, actionGlob)) return true;
    if (parent.scopes.some((scope) => this.covers(scope, actionGlob))) return true;
    return this.statements.some(
      ({ statement }) =>
        statement.effect === 'allow' &&
        this.listCovers(statement.actions, statement.not_actions, actionGlob) &&
        resourceGlobs.every((resource) =>
          this.listCovers(statement.resources, statement.not_resources, resource),
        ),
    );
  }

  /**
   * Whether a statement's actions (or resources) cover a glob: one of its globs covers it; or, for a
   * negated list, the glob is a plain string (no `*`: it matches itself alone) that no negated glob
   * matches. A negated list never covers a glob with a `*` (erring towards refusal).
   */
  private listCovers(
    globs: readonly string[] | undefined,
    negated: readonly string[] | undefined,
    inner: string,
  ): boolean {
    if (globs !== undefined) return globs.some((glob) => this.covers(glob, inner));
    return !inner.includes('*') && !negated!.some((glob) => this.covers(glob, inner));
  }

  /**
   * Roles nest (reader within writer within admin within owner), so a rank comparison is exact. Admin
   * and owner hold the same action globs yet differ (only owners manage owners), so only a role may
   * cover them.
   */
  coversRole(role: Role): boolean {
    const parent = this.parent;
    if (roleRank(role) > roleRank(parent.capRole)) return false;
    if (!ROLE_GRANTS[role].allow.every((glob) => this.clearOfParentDenies(glob, ['*']))) return false;
    if (parent.role !== null) return roleRank(role) <= roleRank(parent.role);
    // A parent without a role: its scopes and statements must cover the role's globs outright. Treating
    // the role as its allow globs alone (ignoring its exclusions) only ever makes the child look wider.
    return (
      roleRank(role) < roleRank('admin') &&
      ROLE_GRANTS[role].allow.every((glob) => this.coversAction(glob, ['*']))
    );
  }
}

/** account covers every kind; space covers only the same space; manager covers only manager. */
function kindCovers(parent: Authority, kind: TokenKind, space: string | null): boolean {
  if (parent.kind === 'account') return true;
  if (parent.kind === 'space') return kind === 'space' && space === parent.space;
  return kind === 'manager';
}

/** What bounds the child apart from its grants: use limit, expiry, kind, rate limit, addresses. */
function limitsWithin(child: RequestedGrant, parent: Authority): WithinResult {
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
  return { within: true };
}

/** The child's grants against the parent's, metered by `containment`. */
function grantsWithin(child: RequestedGrant, containment: Containment): WithinResult {
  if (child.role !== null && !containment.coversRole(child.role))
    return { within: false, missing: `role ${child.role}` };
  for (const scope of child.scopes) {
    if (!containment.coversAction(scope, ['*'])) return { within: false, missing: `scope ${scope}` };
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
    const uncovered = actions.find((action) => !containment.coversAction(action, resources));
    if (uncovered !== undefined)
      return { within: false, missing: `${label}: ${uncovered} on ${resources.join(', ')}` };
  }
  return { within: true };
}

/** What one containment check cost, for tests that bound it in steps rather than milliseconds. */
export interface WithinCost {
  readonly result: WithinResult;
  readonly steps: number;
}

/**
 * THE "A within B" decision with its cost, used by every route that mints, widens or hands out a
 * token: each grant of the child must be covered by the parent's effective grants (glob containment;
 * where exactness is costly it errs towards refusal), its kind and space no wider, its expiry no
 * later, and a use-limited parent mints nothing. `missing` names what the parent lacks, for the 403's
 * detail; past the work budget the answer is a refusal marked `tooComplex`.
 */
export function measureWithin(
  child: RequestedGrant,
  parent: Authority,
  budgetSteps = CONTAINMENT_BUDGET_STEPS,
): WithinCost {
  const limits = limitsWithin(child, parent);
  if (!limits.within) return { result: limits, steps: 0 };
  const containment = new Containment(parent, budgetSteps, denyKeysOf(child));
  try {
    return { result: grantsWithin(child, containment), steps: containment.stepsSpent };
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
    return {
      result: {
        within: false,
        tooComplex: true,
        missing: `permissions too complex to compare within ${budgetSteps} steps; use fewer or shorter globs`,
      },
      steps: containment.stepsSpent,
    };
  }
}

export function isWithin(child: RequestedGrant, parent: Authority): WithinResult {
  return measureWithin(child, parent).result;
}
