// Conformance: names and keys are matched literally. `%`, `_` and `\` in a name are characters, never
// LIKE wildcards or escapes, in findNamesLike, the name_prefix filter and isInUse.
import { expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { insertTenantWithOwner, insertToken } from './fixtures.js';

const NAMES = ['a%b', 'a%b-1', 'axb', 'axb-1', 'a_b', 'a_b-2', 'a_b-x', 'aXb-3', 'a\\b', 'a\\b-1', 'ab-1'];

describeEachBackend((store) => {
  const tenantWithNames = async (names: readonly string[]) => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    for (const name of names) await insertToken(store(), tenant.id, owner.id, { name });
    return { tenant, owner };
  };

  const listNames = async (target: Store, tenantId: string, namePrefix: string) => {
    const page = await target.listTokens({
      tenantId,
      owner: 'everyone',
      filters: { namePrefix },
      nowMs: 1_000,
      limit: 100,
      offset: 0,
    });
    return page.items.map((token) => token.name).sort();
  };

  it('findNamesLike matches `_` and `%` literally: the name and its `-` variants only', async () => {
    const { tenant, owner } = await tenantWithNames(NAMES);
    expect([...(await store().findNamesLike(tenant.id, owner.id, 'a_b'))].sort()).toEqual([
      'a_b',
      'a_b-2',
      'a_b-x',
    ]);
    expect([...(await store().findNamesLike(tenant.id, owner.id, 'a%b'))].sort()).toEqual(['a%b', 'a%b-1']);
    expect([...(await store().findNamesLike(tenant.id, owner.id, 'a\\b'))].sort()).toEqual([
      'a\\b',
      'a\\b-1',
    ]);
    expect([...(await store().findNamesLike(tenant.id, owner.id, 'axb'))].sort()).toEqual(['axb', 'axb-1']);
  });

  it('findNamesLike answers no names for a name that is free', async () => {
    const { tenant, owner } = await tenantWithNames(NAMES);
    expect(await store().findNamesLike(tenant.id, owner.id, 'a?b')).toEqual(new Set());
  });

  it("findNamesLike looks only in the owner's scope (a member's, or the tenant's service scope)", async () => {
    const { tenant, owner } = await tenantWithNames(['shared', 'shared-1']);
    await insertToken(store(), tenant.id, null, { name: 'shared' });
    await insertToken(store(), tenant.id, null, { name: 'shared-7' });
    expect([...(await store().findNamesLike(tenant.id, owner.id, 'shared'))].sort()).toEqual([
      'shared',
      'shared-1',
    ]);
    expect([...(await store().findNamesLike(tenant.id, null, 'shared'))].sort()).toEqual([
      'shared',
      'shared-7',
    ]);
  });

  it('the name_prefix filter is literal, case-sensitive, and counts code points', async () => {
    const { tenant } = await tenantWithNames([...NAMES, '😀-party', '😀x', 'A_b']);
    expect(await listNames(store(), tenant.id, 'a_')).toEqual(['a_b', 'a_b-2', 'a_b-x']);
    expect(await listNames(store(), tenant.id, 'a%')).toEqual(['a%b', 'a%b-1']);
    expect(await listNames(store(), tenant.id, 'a\\')).toEqual(['a\\b', 'a\\b-1']);
    expect(await listNames(store(), tenant.id, '😀')).toEqual(['😀-party', '😀x']);
    expect(await listNames(store(), tenant.id, '😀-')).toEqual(['😀-party']);
  });

  it('isInUse matches a custom role key with `_` literally, and ignores revoked tokens', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    // `role_a` as a LIKE pattern would match `rolexa`: the key must be taken literally.
    const { token } = await insertToken(store(), tenant.id, owner.id, { customRoles: ['other', 'rolexa'] });
    await insertToken(store(), tenant.id, owner.id, { space: 'spacexa' });
    expect(await store().isInUse(tenant.id, { customRole: 'role_a' })).toBe(false);
    expect(await store().isInUse(tenant.id, { customRole: 'role' })).toBe(false);
    expect(await store().isInUse(tenant.id, { customRole: 'rolexa' })).toBe(true);
    expect(await store().isInUse(tenant.id, { space: 'space_a' })).toBe(false);
    expect(await store().isInUse(tenant.id, { space: 'spacexa' })).toBe(true);
    await store().revokeToken(tenant.id, token.id, 2_000);
    expect(await store().isInUse(tenant.id, { customRole: 'rolexa' })).toBe(false);
  });
});
