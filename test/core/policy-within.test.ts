// Soundness of "A within B" with policies: for random parents P and children C that isWithin accepts,
// every (action, resource) C is allowed is allowed to P. Also deny-wins and glob semantics.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Authority,
  authorityAllows,
  decideAction,
  isWithin,
  ROLES,
  type Role,
} from '../../src/core/permissions.js';
import { canonicalGlob, type PolicyStatement } from '../../src/core/policy.js';
import { BASE_AUTHORITY } from '../fixtures/authority.js';
import { policyStatement } from '../fixtures/policy-statements.js';

const actionGlob = fc.constantFrom(
  '*',
  '**',
  'orders:*',
  'orders:read',
  'orders:write',
  'users:*',
  'users:read',
  '*:read',
  'tokens:*',
  'members:write',
);
const resourceGlob = fc.constantFrom(
  '*',
  '**',
  'orders/*',
  'orders/1',
  'orders/2',
  'users/*',
  'spaces/eu/*',
  'spaces/eu/orders/1',
  'spaces/*',
);
const globs = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { minLength: 1, maxLength: 2 });
/** Statements as parsePolicy would hand them on (globs canonical), with negations in the mix. */
const statement: fc.Arbitrary<PolicyStatement> = policyStatement({
  actionGlobs: globs(actionGlob),
  resourceGlobs: globs(resourceGlob),
  negated: fc.boolean(),
});
const role = fc.option(fc.constantFrom(...ROLES), { nil: null });
const kindAndSpace = fc.constantFrom(
  { kind: 'account' as const, space: null },
  { kind: 'account' as const, space: null },
  { kind: 'manager' as const, space: null },
  { kind: 'space' as const, space: 'eu' },
  { kind: 'space' as const, space: 'us' },
);
const authority: fc.Arbitrary<Authority> = fc
  .record({
    role,
    scopes: fc.array(actionGlob.map(canonicalGlob), { maxLength: 2 }),
    policy: fc.array(statement, { maxLength: 3 }),
    customRoles: fc.array(
      fc.record({ key: fc.constant('r'), policy: fc.array(statement, { maxLength: 2 }) }),
      { maxLength: 1 },
    ),
    where: kindAndSpace,
    capRole: fc.constantFrom(...ROLES) as fc.Arbitrary<Role>,
    expiresAtMs: fc.constantFrom(null, 1000, 2000),
  })
  .map(({ where, ...rest }) => ({ ...BASE_AUTHORITY, ...rest, kind: where.kind, space: where.space }));
const probes: [string, string | undefined][] = [];
for (const action of [
  'orders:read',
  'orders:write',
  'users:read',
  'users:write',
  'tokens:write',
  'members:write',
  'audit:read',
]) {
  for (const resource of [
    undefined,
    'orders/1',
    'orders/9',
    'users/1',
    'spaces/eu/orders/1',
    'spaces/us/orders/1',
    'spaces/eu',
    'tokens/x',
  ])
    probes.push([action, resource]);
}

describe('isWithin is sound with policies, custom roles and kinds', () => {
  it('whatever an accepted child may do, its parent may do', () => {
    const reached = { accepted: 0, refused: 0, childAllowedProbes: 0 };
    fc.assert(
      fc.property(authority, authority, (parent, childAuthority) => {
        const child = { ...childAuthority, capRole: parent.capRole };
        const verdict = isWithin(
          {
            role: child.role,
            scopes: child.scopes,
            policy: child.policy,
            customRoles: child.customRoles,
            kind: child.kind,
            space: null,
            expiresAtMs: null,
          },
          parent,
        );
        if (!verdict.within) {
          reached.refused++;
          return;
        }
        reached.accepted++;
        for (const [action, resource] of probes) {
          if (authorityAllows(child, action, resource)) {
            reached.childAllowedProbes++;
            expect(authorityAllows(parent, action, resource), `${action} on ${resource ?? '(any)'}`).toBe(
              true,
            );
          }
        }
      }),
      { numRuns: 15_000 },
    );
    console.info('policy containment cases:', reached);
    expect(reached.accepted).toBeGreaterThan(200);
    expect(reached.refused).toBeGreaterThan(200);
    expect(reached.childAllowedProbes).toBeGreaterThan(2000);
  });
});

const base: Authority = BASE_AUTHORITY;

describe('decisions (the docs/permissions.md examples)', () => {
  it('an explicit deny wins over any allow', () => {
    const authority: Authority = {
      ...base,
      role: 'admin',
      policy: [{ effect: 'deny', actions: ['orders:delete'], resources: ['orders/*'] }],
    };
    expect(decideAction(authority, 'orders:delete', 'orders/1')).toEqual({
      effect: 'deny',
      source: 'policy',
      match: 'orders:delete',
    });
    expect(decideAction(authority, 'orders:delete', 'users/1').effect).toBe('allow');
  });

  it('nothing allowed means denied; not_actions and not_resources invert', () => {
    expect(decideAction(base, 'orders:read').effect).toBe('deny');
    const inverted: Authority = {
      ...base,
      policy: [{ effect: 'allow', not_actions: ['*:delete'], not_resources: ['secrets/*'] }],
    };
    expect(decideAction(inverted, 'orders:read', 'orders/1')).toMatchObject({
      effect: 'allow',
      source: 'policy',
    });
    expect(decideAction(inverted, 'orders:delete', 'orders/1').effect).toBe('deny');
    expect(decideAction(inverted, 'orders:read', 'secrets/1').effect).toBe('deny');
    // Without a resource only statements over `*` resources count.
    expect(decideAction(inverted, 'orders:read').effect).toBe('deny');
  });

  it('globs: `*` spans segments; a space token acts only inside its space; a manager token only on tokens and members', () => {
    const policy: Authority = {
      ...base,
      policy: [{ effect: 'allow', actions: ['orders:*'], resources: ['*'] }],
    };
    expect(decideAction(policy, 'orders:read:archive').effect).toBe('allow');
    const space: Authority = { ...base, role: 'writer', kind: 'space', space: 'eu' };
    expect(decideAction(space, 'orders:write', 'spaces/eu/orders/1').effect).toBe('allow');
    expect(decideAction(space, 'orders:write', 'spaces/us/orders/1').effect).toBe('deny');
    const manager: Authority = { ...base, role: 'owner', kind: 'manager' };
    expect(decideAction(manager, 'tokens:write').effect).toBe('allow');
    expect(decideAction(manager, 'orders:read').effect).toBe('deny');
  });
});

describe('a parent deny the child carries', () => {
  const secretsDeny: PolicyStatement = { effect: 'deny', actions: ['secrets:*'], resources: ['*'] };
  const parent: Authority = { ...BASE_AUTHORITY, role: 'admin', policy: [secretsDeny] };

  it('inline, it refuses in the child what it refuses in the parent: the child is within', () => {
    expect(
      isWithin({ role: null, scopes: ['*:read'], policy: [secretsDeny], expiresAtMs: null }, parent),
    ).toEqual({ within: true });
  });

  it('without it the same child is wider than its parent', () => {
    expect(isWithin({ role: null, scopes: ['*:read'], expiresAtMs: null }, parent).within).toBe(false);
  });

  it('through a custom role it does not count: the role could be edited to drop it later', () => {
    const child = {
      role: null,
      scopes: ['*:read'],
      customRoles: [{ key: 'keeps-the-deny', policy: [secretsDeny] }],
      expiresAtMs: null,
    };
    expect(isWithin(child, parent).within).toBe(false);
  });
});
