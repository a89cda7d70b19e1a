// Conformance: the writes that must decide a race in one statement (a key taken, a row claimed, a
// record saved or replaced) answer the same on every database.
import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { insertMember, insertTenant, insertTenantWithOwner, uniqueId } from './fixtures.js';

describeEachBackend((store) => {
  it('of concurrent inserts of one idempotency key exactly one wins; the key reads back, then deletes', async () => {
    const { tenant } = await insertTenantWithOwner(store());
    const key = uniqueId('key');
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        store().insertIdempotencyKey(tenant.id, 'caller', key, {
          requestHash: `hash-${index}`,
          tokenId: `tok-${index}`,
          createdAtMs: 1_000,
        }),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes.indexOf(true);
    expect(await store().findIdempotencyKey(tenant.id, 'caller', key)).toEqual({
      requestHash: `hash-${winner}`,
      tokenId: `tok-${winner}`,
      createdAtMs: 1_000,
    });
    expect(await store().findIdempotencyKey(tenant.id, 'another caller', key)).toBeNull();
    await store().deleteIdempotencyKey(tenant.id, 'caller', key);
    expect(await store().findIdempotencyKey(tenant.id, 'caller', key)).toBeNull();
  });

  it('saveSpace inserts a new key only once, replaces only an existing one, and deletes once', async () => {
    const tenant = await insertTenant(store());
    const space = {
      tenantId: tenant.id,
      key: 'k',
      name: 'First',
      description: null,
      createdAtMs: 1,
      updatedAtMs: 1,
    };
    expect(await store().saveSpace(space, false)).toBe(true);
    expect(await store().saveSpace({ ...space, name: 'Taken' }, false)).toBe(false);
    expect(await store().saveSpace({ ...space, key: 'absent', name: 'New' }, true)).toBe(false);
    expect(
      await store().saveSpace({ ...space, name: 'Second', description: 'd', updatedAtMs: 2 }, true),
    ).toBe(true);
    // Replacing keeps when it was created.
    expect(await store().findSpace(tenant.id, 'k')).toEqual({
      ...space,
      name: 'Second',
      description: 'd',
      updatedAtMs: 2,
    });
    expect(await store().deleteSpace(tenant.id, 'k')).toBe(true);
    expect(await store().deleteSpace(tenant.id, 'k')).toBe(false);
  });

  it('saveCustomRole replaces the policy; deleteCustomRole of an absent key is false', async () => {
    const tenant = await insertTenant(store());
    const role = {
      tenantId: tenant.id,
      key: 'r',
      name: 'R',
      description: null,
      createdAtMs: 1,
      updatedAtMs: 1,
    };
    expect(
      await store().saveCustomRole({ ...role, policy: [{ effect: 'allow', actions: ['a'] }] }, false),
    ).toBe(true);
    expect(
      await store().saveCustomRole(
        { ...role, policy: [{ effect: 'deny', actions: ['b'] }], updatedAtMs: 2 },
        true,
      ),
    ).toBe(true);
    expect(await store().findCustomRoles(tenant.id, ['r', 'missing'])).toEqual([
      { ...role, policy: [{ effect: 'deny', actions: ['b'] }], updatedAtMs: 2 },
    ]);
    expect(await store().findCustomRoles(tenant.id, [])).toEqual([]);
    expect(await store().deleteCustomRole(tenant.id, 'missing')).toBe(false);
  });

  it('updateMember changes only a current member; removal takes them out of owners and email lookups', async () => {
    const tenant = await insertTenant(store());
    const first = await insertMember(store(), tenant.id, { createdAtMs: 1 });
    const second = await insertMember(store(), tenant.id, { createdAtMs: 2 });
    expect(await store().countOwners(tenant.id)).toBe(2);
    expect(await store().findFirstOwner(tenant.id)).toEqual(first);
    const removed = await store().updateMember(tenant.id, first.id, { removedAtMs: 5 }, 5);
    expect(removed).toEqual({ ...first, removedAtMs: 5, updatedAtMs: 5 });
    expect(await store().updateMember(tenant.id, first.id, { role: 'admin' }, 6)).toEqual(removed);
    expect(await store().countOwners(tenant.id)).toBe(1);
    expect(await store().findFirstOwner(tenant.id)).toEqual(second);
    expect(await store().findMemberByEmail(tenant.id, first.email)).toBeNull();
    expect(await store().findMemberByEmail(tenant.id, second.email)).toEqual(second);
  });

  it('updateTenant sets only what it is given, answering the updated tenant (null when absent)', async () => {
    const tenant = await insertTenant(store());
    expect(await store().updateTenant(tenant.id, { suspendedAtMs: 5 }, 5)).toEqual({
      ...tenant,
      suspendedAtMs: 5,
      updatedAtMs: 5,
    });
    expect(await store().updateTenant(tenant.id, { suspendedAtMs: null }, 6)).toEqual({
      ...tenant,
      updatedAtMs: 6,
    });
    const policy = {
      maxLifetimeSeconds: 3600,
      defaultTtlSeconds: 600,
      requireExpiry: true,
      allowPermanent: false,
    };
    expect(await store().updateTenant(tenant.id, { tokenPolicy: policy }, 7)).toEqual({
      ...tenant,
      tokenPolicy: policy,
      updatedAtMs: 7,
    });
    const deleted = await store().updateTenant(tenant.id, { deletedAtMs: 8, suspendedAtMs: 8 }, 8);
    expect(deleted).toEqual({
      ...tenant,
      tokenPolicy: policy,
      deletedAtMs: 8,
      suspendedAtMs: 8,
      updatedAtMs: 8,
    });
    expect(await store().findTenant(tenant.id)).toEqual(deleted);
    const listed = await store().listTenants(1000, 0);
    expect(listed.items.map((item) => item.id)).not.toContain(tenant.id);
    expect(await store().updateTenant(uniqueId('ten'), { suspendedAtMs: 5 }, 5)).toBeNull();
  });

  it('of concurrent bootstrap claims exactly one wins; server key checks insert once', async () => {
    const tenants = await Promise.all(Array.from({ length: 4 }, () => insertTenant(store())));
    const claims = await Promise.all(tenants.map((tenant) => store().claimBootstrap(tenant.id, 1_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store().findBootstrapTenantId()).toBe(tenants[claims.indexOf(true)]!.id);
    expect(await store().findServerKeyCheck(7)).toBeNull();
    await store().insertServerKeyCheck(7, 'check-a', 1_000);
    await store().insertServerKeyCheck(7, 'check-b', 2_000);
    expect(await store().findServerKeyCheck(7)).toBe('check-a');
  });
});
