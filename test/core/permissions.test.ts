// Glob containment and "A within B": sound (never accepts a wider child), with counted branches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Authority,
  globCovers,
  globMatches,
  isWithin,
  ROLES,
  type Role,
} from '../../src/core/permissions.js';
import { BASE_AUTHORITY } from '../fixtures/authority.js';

const segment = fc.constantFrom('orders', 'users', 'read', 'write', 'tokens', '*', 'o*', '*s');
const glob = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(':'));
const concrete = fc
  .array(fc.constantFrom('orders', 'users', 'read', 'write', 'tokens', 'os', 'ox'), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(':'));

describe('glob containment', () => {
  it('globCovers(outer, inner) implies every action inner matches, outer matches', () => {
    const reached = { covered: 0, notCovered: 0 };
    fc.assert(
      fc.property(
        glob,
        glob,
        fc.array(concrete, { minLength: 20, maxLength: 20 }),
        (outer, inner, actions) => {
          if (!globCovers(outer, inner)) {
            reached.notCovered++;
            return;
          }
          reached.covered++;
          for (const action of actions)
            if (globMatches(inner, action)) expect(globMatches(outer, action)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
    console.info('glob containment cases:', reached);
    expect(reached.covered).toBeGreaterThan(100);
    expect(reached.notCovered).toBeGreaterThan(100);
  });

  it('known answers', () => {
    expect(globCovers('*', 'orders:read')).toBe(true);
    expect(globCovers('orders:*', 'orders:read')).toBe(true);
    expect(globCovers('orders:*', 'orders:*')).toBe(true);
    expect(globCovers('*:read', 'orders:read')).toBe(true);
    expect(globCovers('orders:read', 'orders:*')).toBe(false);
    expect(globCovers('*:read', '*')).toBe(false);
  });
});

const authority = (
  role: Role | null,
  scopes: string[],
  capRole: Role,
  expiresAtMs: number | null = null,
): Authority => ({
  ...BASE_AUTHORITY,
  role,
  scopes,
  capRole,
  expiresAtMs,
});

describe('isWithin', () => {
  it('a child role is within a parent only up to the lower of its role and its cap', () => {
    for (const parentRole of ROLES) {
      for (const capRole of ROLES) {
        for (const childRole of ROLES) {
          const result = isWithin(
            { role: childRole, scopes: [], expiresAtMs: null },
            authority(parentRole, [], capRole),
          );
          const limit = Math.min(ROLES.indexOf(parentRole), ROLES.indexOf(capRole));
          expect(result.within, `${childRole} under ${parentRole} capped at ${capRole}`).toBe(
            ROLES.indexOf(childRole) <= limit,
          );
        }
      }
    }
  });

  it('refuses scopes a writer is denied and scopes a scoped parent lacks', () => {
    expect(
      isWithin({ role: null, scopes: ['members:write'], expiresAtMs: null }, authority('writer', [], 'owner'))
        .within,
    ).toBe(false);
    expect(
      isWithin({ role: null, scopes: ['members:*'], expiresAtMs: null }, authority('writer', [], 'owner'))
        .within,
    ).toBe(false);
    expect(
      isWithin({ role: null, scopes: ['orders:write'], expiresAtMs: null }, authority('writer', [], 'owner'))
        .within,
    ).toBe(true);
    expect(
      isWithin(
        { role: null, scopes: ['orders:read'], expiresAtMs: null },
        authority(null, ['orders:*'], 'owner'),
      ).within,
    ).toBe(true);
    expect(
      isWithin(
        { role: null, scopes: ['users:read'], expiresAtMs: null },
        authority(null, ['orders:*'], 'owner'),
      ).within,
    ).toBe(false);
    expect(
      isWithin({ role: 'reader', scopes: [], expiresAtMs: null }, authority(null, ['orders:*'], 'owner'))
        .within,
    ).toBe(false);
    expect(
      isWithin({ role: null, scopes: ['orders:write'], expiresAtMs: null }, authority('reader', [], 'owner'))
        .within,
    ).toBe(false);
  });

  it('an expiring parent mints only tokens that expire no later; a use-limited parent mints none', () => {
    const expiring = authority('owner', [], 'owner', 1000);
    expect(isWithin({ role: 'reader', scopes: [], expiresAtMs: null }, expiring).within).toBe(false);
    expect(isWithin({ role: 'reader', scopes: [], expiresAtMs: 1001 }, expiring).within).toBe(false);
    expect(isWithin({ role: 'reader', scopes: [], expiresAtMs: 1000 }, expiring).within).toBe(true);
    expect(
      isWithin(
        { role: 'reader', scopes: [], expiresAtMs: 5 },
        { ...authority('owner', [], 'owner'), usesLimited: true },
      ).within,
    ).toBe(false);
  });
});
