// Least-privilege advice: which grants decided the observed uses, and a suggestion (a PATCH body) that
// still allows every observed use, is within the token, and keeps to the per-token bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Advice, adviseLeastPrivilege, type ObservedUse } from '../../src/core/advice.js';
import {
  type Authority,
  decideAction,
  grantKey,
  isWithin,
  ROLES,
  type Role,
  scopesProblem,
} from '../../src/core/permissions.js';
import { type PolicyStatement, parsePolicy, tokenGlobsProblem } from '../../src/core/policy.js';
import { BASE_AUTHORITY } from '../fixtures/authority.js';
import { policyStatement } from '../fixtures/policy-statements.js';

/** Uses as the verifier would record them: each decided by the token, with the grant it names. */
function observe(authority: Authority, uses: readonly [string, string | null, number?][]): ObservedUse[] {
  return uses.map(([action, resource, count = 1]) => {
    const decision = decideAction(authority, action, resource ?? undefined);
    if (decision.grant === undefined) throw new Error(`the token does not allow ${action} on ${resource}`);
    return { grantKey: grantKey(decision.grant), action, resource, count };
  });
}

/** The token as it would be after applying the suggestion (same kind, space, cap and limits). */
function applied(token: Authority, advice: Advice): Authority {
  const { suggested } = advice;
  return {
    ...token,
    role: suggested.role,
    scopes: suggested.scopes,
    policy: suggested.policy ?? [],
    customRoles: token.customRoles.filter((role) => (suggested.custom_roles ?? []).includes(role.key)),
  };
}

function withinToken(token: Authority, advice: Advice) {
  const after = applied(token, advice);
  return isWithin(
    {
      role: after.role,
      scopes: after.scopes,
      policy: after.policy,
      customRoles: after.customRoles,
      kind: after.kind,
      space: after.space,
      expiresAtMs: token.expiresAtMs,
    },
    token,
  );
}

/** What `PATCH /v1/tokens/{id}` checks of role, scopes and policy: the same functions, the same bounds. */
function patchProblem(advice: Advice): string | null {
  const { role, scopes, policy, custom_roles } = advice.suggested;
  if (role !== null && !(ROLES as readonly string[]).includes(role)) return `role ${role}`;
  const scopeProblem = scopesProblem(scopes);
  if (scopeProblem !== null) return scopeProblem;
  if (new Set(scopes).size !== scopes.length) return 'duplicate scopes';
  if (policy !== null) {
    const parsed = parsePolicy(policy);
    if (typeof parsed === 'string') return parsed;
    if (JSON.stringify(parsed) !== JSON.stringify(policy)) return 'policy not canonical';
  }
  if (custom_roles !== null && custom_roles.length > 20) return 'custom_roles';
  return tokenGlobsProblem(scopes, policy);
}

const base: Authority = BASE_AUTHORITY;

describe('which grant decided (decideAction names it on every allow)', () => {
  it('role, scope, policy statement and custom role statement each have a stable key', () => {
    const token: Authority = {
      ...base,
      role: 'reader',
      scopes: ['orders:*'],
      policy: [
        { effect: 'deny', actions: ['deploy:delete'], resources: ['*'] },
        { effect: 'allow', actions: ['deploy:*'], resources: ['services/*'] },
      ],
      customRoles: [{ key: 'ops', policy: [{ effect: 'allow', actions: ['pager:*'], resources: ['*'] }] }],
    };
    const keyOf = (action: string, resource?: string) => {
      const grant = decideAction(token, action, resource).grant;
      return grant === undefined ? undefined : grantKey(grant);
    };
    expect(keyOf('orders:write')).toBe('scope:orders:*');
    expect(keyOf('users:read')).toBe('role:reader');
    expect(keyOf('deploy:run', 'services/api')).toBe('policy:1');
    expect(keyOf('pager:ack')).toBe('custom_role:ops:0');
    expect(decideAction(token, 'pager:ack')).toEqual({
      effect: 'allow',
      source: 'custom_role',
      match: 'pager:*',
      grant: { kind: 'custom_role', key: 'ops', index: 0 },
    });
    // A deny names no grant: nothing allowed it.
    expect(decideAction(token, 'deploy:delete', 'services/api')).toEqual({
      effect: 'deny',
      source: 'policy',
      match: 'deploy:delete',
    });
    expect(keyOf('users:write')).toBeUndefined();
  });

  // The verify wire `decision` stays {effect, source, match}: test/http/verify.test.ts pins it with
  // toEqual ("with an action: allowed by the matching scope, forbidden otherwise"), and the route
  // spells the three fields out (src/http/routes/verify.ts) rather than passing the core object on.
  it('serialised as the verify route does, a decision carries no grant', () => {
    const token: Authority = { ...base, role: 'reader' };
    const decision = decideAction(token, 'orders:read')!;
    const wire = { effect: decision.effect, source: decision.source, match: decision.match };
    expect(JSON.parse(JSON.stringify(wire))).toStrictEqual({
      effect: 'allow',
      source: 'role',
      match: '*:read',
    });
  });
});

describe('advice on hand-built tokens', () => {
  it('role only: the role is used, the suggestion names the exact actions as scopes and drops the role', () => {
    const token: Authority = { ...base, role: 'admin' };
    const advice = adviseLeastPrivilege(
      token,
      observe(token, [
        ['orders:read', null, 5],
        ['orders:write', 'orders/1', 2],
      ]),
    );
    expect(advice.used).toEqual([{ key: 'role:admin', source: 'role', role: 'admin', uses: 7 }]);
    expect(advice.unused).toEqual([]);
    expect(advice.suggested).toEqual({
      role: null,
      scopes: ['orders:read', 'orders:write'],
      policy: null,
      custom_roles: null,
    });
    expect(advice.precision).toBe('exact');
    expect(withinToken(token, advice)).toEqual({ within: true });
  });

  it('scopes with globs: orders:* used only for orders:read becomes orders:read; an unused scope is listed', () => {
    const token: Authority = { ...base, scopes: ['orders:*', 'users:read'] };
    const advice = adviseLeastPrivilege(token, observe(token, [['orders:read', 'orders/7', 3]]));
    expect(advice.used).toEqual([{ key: 'scope:orders:*', source: 'scope', scope: 'orders:*', uses: 3 }]);
    expect(advice.unused).toEqual([
      { key: 'scope:users:read', source: 'scope', scope: 'users:read', uses: 0 },
    ]);
    expect(advice.suggested.scopes).toEqual(['orders:read']);
    expect(decideAction(applied(token, advice), 'orders:write').effect).toBe('deny');
  });

  it('inline statements with resources: exact actions on exact resources; a use without resource becomes a scope', () => {
    const deploy: PolicyStatement = { effect: 'allow', actions: ['deploy:*'], resources: ['services/*'] };
    const audit: PolicyStatement = { effect: 'allow', actions: ['audit:*'], resources: ['*'] };
    const token: Authority = { ...base, policy: [deploy, audit] };
    const advice = adviseLeastPrivilege(
      token,
      observe(token, [
        ['deploy:run', 'services/api', 3],
        ['deploy:run', 'services/web'],
        ['deploy:stop', 'services/web'],
        ['audit:read', null],
        ['audit:read', 'audit/2024'],
      ]),
    );
    expect(advice.used).toEqual([
      { key: 'policy:0', source: 'policy', index: 0, statement: deploy, uses: 5 },
      { key: 'policy:1', source: 'policy', index: 1, statement: audit, uses: 2 },
    ]);
    expect(advice.suggested).toEqual({
      role: null,
      scopes: ['audit:read'],
      policy: [
        { effect: 'allow', actions: ['deploy:run'], resources: ['services/api', 'services/web'] },
        { effect: 'allow', actions: ['deploy:stop'], resources: ['services/web'] },
      ],
      custom_roles: null,
    });
    const after = applied(token, advice);
    expect(decideAction(after, 'deploy:stop', 'services/api').effect).toBe('deny');
    expect(decideAction(after, 'deploy:run', 'services/db').effect).toBe('deny');
    expect(withinToken(token, advice)).toEqual({ within: true });
    expect(patchProblem(advice)).toBeNull();
  });

  it('custom roles: the used statement is folded into the inline policy and the roles are dropped', () => {
    const token: Authority = {
      ...base,
      customRoles: [
        {
          key: 'ops',
          policy: [
            { effect: 'allow', actions: ['deploy:*'], resources: ['services/*'] },
            { effect: 'allow', actions: ['pager:*'], resources: ['*'] },
          ],
        },
        { key: 'audit', policy: [{ effect: 'allow', actions: ['audit:read'], resources: ['*'] }] },
      ],
    };
    const advice = adviseLeastPrivilege(token, observe(token, [['deploy:run', 'services/api', 4]]));
    expect(advice.used.map((grant) => grant.key)).toEqual(['custom_role:ops:0']);
    expect(advice.used[0]).toMatchObject({ source: 'custom_role', custom_role: 'ops', index: 0, uses: 4 });
    expect(advice.unused.map((grant) => grant.key)).toEqual(['custom_role:ops:1', 'custom_role:audit:0']);
    expect(advice.suggested).toEqual({
      role: null,
      scopes: [],
      policy: [{ effect: 'allow', actions: ['deploy:run'], resources: ['services/api'] }],
      custom_roles: null,
    });
    expect(withinToken(token, advice)).toEqual({ within: true });
  });

  it('a deny that touches a suggested grant is kept, so the suggestion stays within the token', () => {
    const secret: PolicyStatement = { effect: 'deny', actions: ['orders:*'], resources: ['orders/secret'] };
    const unrelated: PolicyStatement = { effect: 'deny', actions: ['users:delete'], resources: ['*'] };
    const token: Authority = { ...base, scopes: ['orders:*'], policy: [secret, unrelated] };
    const advice = adviseLeastPrivilege(token, observe(token, [['orders:read', null, 2]]));
    expect(advice.suggested).toEqual({
      role: null,
      scopes: ['orders:read'],
      policy: [secret],
      custom_roles: null,
    });
    expect(decideAction(applied(token, advice), 'orders:read', 'orders/secret').effect).toBe('deny');
    expect(withinToken(token, advice)).toEqual({ within: true });
    // Without the deny the scope would reach orders/secret, which the token may not: refused.
    expect(withinToken(token, { ...advice, suggested: { ...advice.suggested, policy: null } })).toMatchObject(
      {
        within: false,
      },
    );
    // Deny statements grant nothing: never listed as used or unused.
    expect([...advice.used, ...advice.unused].map((grant) => grant.key)).toEqual(['scope:orders:*']);
  });

  it('a token never used: every grant unused, and the suggestion is the empty grant set', () => {
    const token: Authority = {
      ...base,
      role: 'writer',
      scopes: ['orders:*'],
      policy: [
        { effect: 'allow', actions: ['deploy:*'], resources: ['*'] },
        { effect: 'deny', actions: ['deploy:delete'], resources: ['*'] },
      ],
      customRoles: [{ key: 'ops', policy: [{ effect: 'allow', actions: ['pager:*'], resources: ['*'] }] }],
    };
    const advice = adviseLeastPrivilege(token, []);
    expect(advice.used).toEqual([]);
    expect(advice.unused.map((grant) => grant.key)).toEqual([
      'role:writer',
      'scope:orders:*',
      'policy:0',
      'custom_role:ops:0',
    ]);
    expect(advice.suggested).toEqual({ role: null, scopes: [], policy: null, custom_roles: null });
    expect(advice.precision).toBe('exact');
  });

  it('uses the token no longer allows (narrowed since) are left out; counts of zero count nothing', () => {
    const token: Authority = { ...base, scopes: ['orders:read'] };
    const advice = adviseLeastPrivilege(token, [
      { grantKey: 'scope:orders:*', action: 'orders:write', resource: null, count: 9 },
      { grantKey: 'scope:orders:read', action: 'orders:read', resource: null, count: 0 },
      { grantKey: 'role:admin', action: 'orders:read', resource: 'orders/../secret', count: 1 },
    ]);
    expect(advice.used).toEqual([]);
    expect(advice.suggested.scopes).toEqual([]);
  });

  it('known refusals: what the token never allowed stays outside the suggestion, forged uses included', () => {
    const token: Authority = {
      ...base,
      role: 'reader',
      policy: [{ effect: 'deny', actions: ['orders:read'], resources: ['orders/secret'] }],
    };
    const advice = adviseLeastPrivilege(token, [
      ...observe(token, [['orders:read', 'orders/1']]),
      // Recorded with a grant key, but the token refuses them: they are not evidence of anything.
      { grantKey: 'role:reader', action: 'orders:write', resource: null, count: 3 },
      { grantKey: 'role:reader', action: 'orders:read', resource: 'orders/secret', count: 3 },
    ]);
    expect(advice.used).toEqual([{ key: 'role:reader', source: 'role', role: 'reader', uses: 1 }]);
    const after = applied(token, advice);
    for (const [action, resource] of [
      ['orders:write', undefined],
      ['orders:read', 'orders/secret'],
      ['users:read', undefined],
      ['members:write', 'members/1'],
    ] as const)
      expect(decideAction(after, action, resource).effect, `${action} on ${resource}`).toBe('deny');
    expect(decideAction(after, 'orders:read', 'orders/2').effect).toBe('allow');
  });

  it('over 50 exact scopes: the uses are generalised to one glob, still valid and within', () => {
    const token: Authority = { ...base, role: 'reader', capRole: 'writer' };
    const uses = Array.from({ length: 60 }, (_, index) => [`svc${index}:read`, null] as [string, null]);
    const advice = adviseLeastPrivilege(token, observe(token, uses));
    expect(advice.precision).toBe('generalised');
    expect(advice.suggested).toEqual({ role: null, scopes: ['svc*:read'], policy: null, custom_roles: null });
    expect(patchProblem(advice)).toBeNull();
    expect(withinToken(token, advice)).toEqual({ within: true });
  });

  it('when no glob generalises the uses provably, the role is kept, lowered to the cap it acts under', () => {
    // Uses with nothing in common generalise to `*`, which a writer's cap does not cover outright.
    const token: Authority = { ...base, role: 'owner', capRole: 'writer' };
    const uses = Array.from(
      { length: 55 },
      (_, index) => [`${String.fromCharCode(97 + (index % 26))}${index}:op${index}`, null] as [string, null],
    );
    const advice = adviseLeastPrivilege(token, observe(token, uses));
    expect(advice.suggested).toEqual({ role: 'writer', scopes: [], policy: null, custom_roles: null });
    expect(withinToken(token, advice)).toEqual({ within: true });
  });

  it('a statement over 50 exact pairs is narrowed side by side: observed actions on observed resources', () => {
    const statement: PolicyStatement = { effect: 'allow', actions: ['orders:*'], resources: ['orders/*'] };
    const token: Authority = { ...base, policy: [statement] };
    const uses: [string, string][] = [];
    for (const action of ['orders:read', 'orders:write'])
      for (let index = 0; index < 30; index++) uses.push([action, `orders/${index}${action.length * index}`]);
    const advice = adviseLeastPrivilege(token, observe(token, uses));
    expect(advice.precision).toBe('generalised');
    expect(advice.suggested.policy).toEqual([
      { effect: 'allow', actions: ['orders:read', 'orders:write'], resources: ['orders/*'] },
    ]);
    expect(patchProblem(advice)).toBeNull();
  });

  it('a resource no glob can spell exactly keeps its statement as it is', () => {
    const statement: PolicyStatement = { effect: 'allow', actions: ['files:read'], resources: ['files/*'] };
    const token: Authority = { ...base, policy: [statement] };
    const advice = adviseLeastPrivilege(token, observe(token, [['files:read', 'files/my report.pdf']]));
    expect(advice.precision).toBe('generalised');
    expect(advice.suggested.policy).toEqual([statement]);
    expect(patchProblem(advice)).toBeNull();
    expect(withinToken(token, advice)).toEqual({ within: true });
  });

  it('an action that is no valid scope is spelled as a statement on every resource', () => {
    const token: Authority = { ...base, role: 'owner' };
    const advice = adviseLeastPrivilege(token, observe(token, [['legacy;op', null]]));
    expect(advice.suggested).toEqual({
      role: null,
      scopes: [],
      policy: [{ effect: 'allow', actions: ['legacy;op'], resources: ['*'] }],
      custom_roles: null,
    });
    expect(decideAction(applied(token, advice), 'legacy;op').effect).toBe('allow');
    expect(patchProblem(advice)).toBeNull();
  });
});

// ---- the property: generated tokens and the uses they allowed ----------------------------------

const SERVICE_ACTIONS = Array.from({ length: 60 }, (_, index) => `svc${index}:read`);
const ACTIONS = [
  'orders:read',
  'orders:write',
  'orders:delete',
  'users:read',
  'users:write',
  'members:write',
  'roles:write',
  'tokens:read',
  'deploy:run',
  'legacy;op',
  ...SERVICE_ACTIONS.slice(0, 4),
];
const RESOURCES = [null, 'orders/1', 'orders/2', 'users/1', 'services/api', 'spaces/eu/x', 'files/a b'];
const actionGlob = fc.constantFrom(
  '*',
  'orders:*',
  'orders:read',
  '*:read',
  'users:*',
  'svc*',
  'deploy:*',
  'members:*',
  'legacy;*',
);
const resourceGlob = fc.constantFrom(
  '*',
  'orders/*',
  'orders/1',
  'users/*',
  'services/*',
  'spaces/*',
  'files/*',
);
const globs = <T>(arbitrary: fc.Arbitrary<T>) => fc.uniqueArray(arbitrary, { minLength: 1, maxLength: 2 });
const statement: fc.Arbitrary<PolicyStatement> = policyStatement({
  actionGlobs: globs(actionGlob),
  resourceGlobs: globs(resourceGlob),
  negated: fc.constantFrom(false, false, false, true),
});
const kindAndSpace = fc.constantFrom(
  { kind: 'account' as const, space: null },
  { kind: 'account' as const, space: null },
  { kind: 'account' as const, space: null },
  { kind: 'space' as const, space: 'eu' },
  { kind: 'manager' as const, space: null },
);
const token: fc.Arbitrary<Authority> = fc
  .record({
    // Often neither role nor scopes, so that statements decide (they are asked last).
    role: fc.option(fc.constantFrom(...ROLES), { nil: null, freq: 2 }),
    scopes: fc.oneof(fc.constant([]), fc.uniqueArray(actionGlob, { maxLength: 5 })),
    policy: fc.array(statement, { maxLength: 4 }),
    customRoles: fc
      .uniqueArray(fc.constantFrom('ops', 'audit'), { maxLength: 2 })
      .chain((keys) =>
        fc.tuple(
          ...keys.map((key) =>
            fc.record({ key: fc.constant(key), policy: fc.array(statement, { maxLength: 3 }) }),
          ),
        ),
      ),
    where: kindAndSpace,
    capRole: fc.constantFrom(...ROLES) as fc.Arbitrary<Role>,
  })
  .map(({ where, ...rest }) => ({ ...BASE_AUTHORITY, ...rest, kind: where.kind, space: where.space }));
/** Candidate uses: mostly the small action set, sometimes a flood of distinct actions (the bounds). */
const candidates = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.tuple(fc.constantFrom(...ACTIONS), fc.constantFrom(...RESOURCES)), {
      maxLength: 12,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.array(
      fc.tuple(
        fc.constantFrom(...SERVICE_ACTIONS),
        fc.oneof(
          fc.constant(null),
          fc.nat({ max: 59 }).map((index) => `services/s${index}`),
        ),
      ),
      { minLength: 40, maxLength: 90 },
    ),
  },
);

describe('advice, for any token and the uses it allowed', () => {
  it('the suggestion allows every observed use, is within the token, is a valid PATCH; grants split exactly', () => {
    const reached = {
      cases: 0,
      roleUsed: 0,
      scopeUsed: 0,
      policyUsed: 0,
      customRoleUsed: 0,
      deniesPresent: 0,
      denyKept: 0,
      boundFallback: 0,
      unwritable: 0,
      neverUsed: 0,
      unprovable: 0,
      refusedProbes: 0,
    };
    fc.assert(
      fc.property(token, candidates, fc.integer({ min: 1, max: 5 }), (authority, tried, count) => {
        reached.cases++;
        const allowed: ObservedUse[] = [];
        const refused: [string, string | null][] = [];
        for (const [action, resource] of tried) {
          const decision = decideAction(authority, action, resource ?? undefined);
          if (decision.effect === 'allow') {
            allowed.push({ grantKey: grantKey(decision.grant!), action, resource, count });
          } else refused.push([action, resource]);
        }
        const advice = adviseLeastPrivilege(authority, allowed);
        const after = applied(authority, advice);

        // (a) every observed use is still allowed; (a') what the token refused, the suggestion refuses.
        for (const use of allowed) {
          expect(
            decideAction(after, use.action, use.resource ?? undefined).effect,
            `${use.action} on ${use.resource}`,
          ).toBe('allow');
        }
        for (const [action, resource] of refused) {
          reached.refusedProbes++;
          expect(decideAction(after, action, resource ?? undefined).effect).toBe('deny');
        }
        // (b) within the token, and a body PATCH accepts. The one class "A within B" cannot prove: a
        // negated statement side the suggestion had to keep as the token holds it (a value no glob can
        // spell, or the bounds: inline, or in a custom role kept by key); it allows no more than the
        // token (a' above checks that on every probe), but negated globs never compare.
        const unprovable = [...after.policy, ...after.customRoles.flatMap((role) => role.policy)].some(
          (s) => s.effect === 'allow' && (s.not_actions !== undefined || s.not_resources !== undefined),
        );
        if (unprovable) reached.unprovable++;
        else expect(withinToken(authority, advice)).toEqual({ within: true });
        expect(patchProblem(advice)).toBeNull();

        // (c) used ∪ unused is every grant of the token, each once; used ones decided something.
        const expected = [
          ...(authority.role === null ? [] : [`role:${authority.role}`]),
          ...authority.scopes.map((scope) => `scope:${scope}`),
          ...authority.policy.flatMap((s, index) => (s.effect === 'allow' ? [`policy:${index}`] : [])),
          ...authority.customRoles.flatMap((role) =>
            role.policy.flatMap((s, index) =>
              s.effect === 'allow' ? [`custom_role:${role.key}:${index}`] : [],
            ),
          ),
        ];
        const listed = [...advice.used, ...advice.unused].map((grant) => grant.key);
        expect([...listed].sort()).toEqual([...expected].sort());
        expect(new Set(listed).size).toBe(listed.length);
        const decidedKeys = new Set(allowed.map((use) => use.grantKey));
        expect(advice.used.map((grant) => grant.key).sort()).toEqual([...decidedKeys].sort());
        expect(advice.used.reduce((sum, grant) => sum + grant.uses, 0)).toBe(allowed.length * count);

        const sources = new Set(advice.used.map((grant) => grant.source));
        if (sources.has('role')) reached.roleUsed++;
        if (sources.has('scope')) reached.scopeUsed++;
        if (sources.has('policy')) reached.policyUsed++;
        if (sources.has('custom_role')) reached.customRoleUsed++;
        const tokenDenies = [
          ...authority.policy,
          ...authority.customRoles.flatMap((role) => role.policy),
        ].filter((s) => s.effect === 'deny');
        if (tokenDenies.length > 0 && allowed.length > 0) reached.deniesPresent++;
        if ((advice.suggested.policy ?? []).some((s) => s.effect === 'deny')) reached.denyKept++;
        const writable = allowed.every((use) => use.resource !== 'files/a b');
        if (advice.precision === 'generalised' && writable) reached.boundFallback++;
        if (!writable) reached.unwritable++;
        if (allowed.length === 0) reached.neverUsed++;
      }),
      { numRuns: 2500 },
    );
    console.log('advice property cases:', reached);
    expect(reached.roleUsed).toBeGreaterThan(50);
    expect(reached.scopeUsed).toBeGreaterThan(50);
    expect(reached.policyUsed).toBeGreaterThan(50);
    expect(reached.customRoleUsed).toBeGreaterThan(20);
    expect(reached.deniesPresent).toBeGreaterThan(50);
    expect(reached.denyKept).toBeGreaterThan(10);
    expect(reached.boundFallback).toBeGreaterThan(10);
    expect(reached.unwritable).toBeGreaterThan(10);
    expect(reached.refusedProbes).toBeGreaterThan(1000);
  });
});

// The two sound relaxations of "A within B" the suggestion relies on: a parent deny the child carries
// itself does not count against the child, and a negated parent side covers a plain string it does
// not exclude. Soundness: whatever an accepted child may do, the parent may do.
describe('isWithin with the denies a child carries and negated parent statements', () => {
  it('whatever an accepted child may do, its parent may do', () => {
    const reached = { accepted: 0, acceptedCarryingDenies: 0, childAllowedProbes: 0 };
    const childGrants = fc.record({
      role: fc.option(fc.constantFrom(...ROLES), { nil: null, freq: 2 }),
      scopes: fc.uniqueArray(fc.constantFrom(...ACTIONS.slice(0, 9), 'orders:*', '*:read'), { maxLength: 3 }),
      policy: fc.array(statement, { maxLength: 3 }),
      keepDenies: fc.boolean(),
    });
    fc.assert(
      fc.property(token, childGrants, (parent, grants) => {
        const carried = grants.keepDenies
          ? [...parent.policy, ...parent.customRoles.flatMap((role) => role.policy)].filter(
              (s) => s.effect === 'deny',
            )
          : [];
        const child: Authority = {
          ...parent,
          role: grants.role,
          scopes: grants.scopes,
          policy: [...grants.policy, ...carried],
          customRoles: [],
        };
        const verdict = isWithin({ ...child, customRoles: [], expiresAtMs: parent.expiresAtMs }, parent);
        if (!verdict.within) return;
        reached.accepted++;
        if (carried.length > 0) reached.acceptedCarryingDenies++;
        for (const action of ACTIONS) {
          for (const resource of [...RESOURCES, 'orders/secret']) {
            if (decideAction(child, action, resource ?? undefined).effect !== 'allow') continue;
            reached.childAllowedProbes++;
            expect(
              decideAction(parent, action, resource ?? undefined).effect,
              `${action} on ${resource}`,
            ).toBe('allow');
          }
        }
      }),
      { numRuns: 3000 },
    );
    console.log('within relaxations:', reached);
    expect(reached.acceptedCarryingDenies).toBeGreaterThan(20);
    expect(reached.childAllowedProbes).toBeGreaterThan(500);
  });
});
