// Conformance: every listing pages the same way (a window of rows in a fixed order, with the total of
// the whole selection), and finds by id stay inside their tenant.
import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { insertMember, insertTenant, insertTenantWithOwner, insertToken, uniqueId } from './fixtures.js';

describeEachBackend((store) => {
  it('listTokens pages newest first with the total, walks on from a keyset position, and trusts a known total', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { token } = await insertToken(store(), tenant.id, owner.id, { createdAtMs: 1_000 + index });
      created.push(token.id);
    }
    const newestFirst = [...created].reverse();
    const query = { tenantId: tenant.id, owner: { memberId: owner.id }, filters: {}, nowMs: 5_000 } as const;
    const first = await store().listTokens({ ...query, limit: 2, offset: 0 });
    expect(first.items.map((token) => token.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.totalItems).toBe(5);
    expect(
      (await store().listTokens({ ...query, limit: 2, offset: 4 })).items.map((token) => token.id),
    ).toEqual(newestFirst.slice(4));
    const last = first.items[1]!;
    const next = await store().listTokens({
      ...query,
      limit: 10,
      offset: 0,
      after: { value: last.createdAtMs, id: last.id },
      knownTotal: 99,
    });
    expect(next.items.map((token) => token.id)).toEqual(newestFirst.slice(2));
    expect(next.totalItems).toBe(99);
  });

  it("listTokens covers whose tokens were asked for: a member's, the service tokens, or everyone's", async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const other = await insertMember(store(), tenant.id, { role: 'writer' });
    await insertToken(store(), tenant.id, owner.id);
    await insertToken(store(), tenant.id, other.id);
    await insertToken(store(), tenant.id, null);
    const total = async (owner: { memberId: string } | 'service' | 'everyone') =>
      (await store().listTokens({ tenantId: tenant.id, owner, filters: {}, nowMs: 1, limit: 1, offset: 0 }))
        .totalItems;
    expect(await total({ memberId: owner.id })).toBe(1);
    expect(await total('service')).toBe(1);
    expect(await total('everyone')).toBe(3);
  });

  it('listMembers pages current members in creation order; removed members are left out', async () => {
    const tenant = await insertTenant(store());
    const members = [];
    for (let index = 0; index < 4; index++)
      members.push(await insertMember(store(), tenant.id, { createdAtMs: 1_000 + index }));
    await store().updateMember(tenant.id, members[1]!.id, { removedAtMs: 2_000 }, 2_000);
    const page = await store().listMembers(tenant.id, 2, 1);
    expect(page.totalItems).toBe(3);
    expect(page.items.map((member) => member.id)).toEqual([members[2]!.id, members[3]!.id]);
  });

  it('listSpaces and listCustomRoles page in key order with the total', async () => {
    const tenant = await insertTenant(store());
    for (const key of ['c', 'a', 'b']) {
      const named = {
        tenantId: tenant.id,
        key,
        name: key,
        description: null,
        createdAtMs: 1,
        updatedAtMs: 1,
      };
      expect(await store().saveSpace(named, false)).toBe(true);
      expect(await store().saveCustomRole({ ...named, policy: [] }, false)).toBe(true);
    }
    const spaces = await store().listSpaces(tenant.id, 2, 1);
    expect([spaces.totalItems, spaces.items.map((space) => space.key)]).toEqual([3, ['b', 'c']]);
    const roles = await store().listCustomRoles(tenant.id, 2, 0);
    expect([roles.totalItems, roles.items.map((role) => role.key)]).toEqual([3, ['a', 'b']]);
  });

  it('listAuditEvents pages newest first (ids are time-ordered) with the total', async () => {
    const tenant = await insertTenant(store());
    for (const id of ['evt_001', 'evt_003', 'evt_002'])
      await store().insertAuditEvent({
        id: `${id}_${tenant.id}`,
        tenantId: tenant.id,
        actorTokenId: null,
        actorMemberId: null,
        action: 'tenant.changed',
        targetType: 'tenant',
        targetId: tenant.id,
        occurredAtMs: 1_000,
        clientIp: '192.0.2.1',
        requestId: 'req',
        details: { fields: ['name'] },
      });
    const page = await store().listAuditEvents(tenant.id, 2, 0);
    expect(page.totalItems).toBe(3);
    expect(page.items.map((event) => event.id)).toEqual([`evt_003_${tenant.id}`, `evt_002_${tenant.id}`]);
    expect(page.items[0]).toMatchObject({ clientIp: '192.0.2.1', details: { fields: ['name'] } });
  });

  it('listTenants counts every tenant and pages in creation order', async () => {
    const before = (await store().listTenants(1, 0)).totalItems;
    const late = await insertTenant(store(), { createdAtMs: 9_999_999_999 });
    const page = await store().listTenants(10, before);
    expect(page.totalItems).toBe(before + 1);
    expect(page.items.map((tenant) => tenant.id)).toEqual([late.id]);
  });

  it('find by id answers only within the tenant: members, spaces', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const other = await insertTenant(store());
    const space = {
      tenantId: tenant.id,
      key: uniqueId('space'),
      name: 'S',
      description: null,
      createdAtMs: 1,
      updatedAtMs: 1,
    };
    await store().saveSpace(space, false);
    expect(await store().findMember(tenant.id, owner.id)).toEqual(owner);
    expect(await store().findMember(other.id, owner.id)).toBeNull();
    expect(await store().findSpace(tenant.id, space.key)).toEqual(space);
    expect(await store().findSpace(other.id, space.key)).toBeNull();
  });
});
