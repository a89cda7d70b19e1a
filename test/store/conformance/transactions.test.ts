// Conformance: a transaction commits whole or not at all, and changes in one owner scope serialise
// (PostgreSQL by a row lock, SQLite because it has one writer).
import { expect, it } from 'vitest';
import type { StoreOperations } from '../../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { insertMember, insertTenant, insertTenantWithOwner, insertToken, uniqueId } from './fixtures.js';

describeEachBackend((store) => {
  it('a transaction whose work throws leaves nothing it wrote, and rethrows the same error', async () => {
    const refusal = new Error('refused after writing');
    const ids = { tenant: uniqueId('ten'), member: uniqueId('mem'), token: uniqueId('tok') };
    let digest = '';
    const outcome = store().transaction(async (tx) => {
      const tenant = await insertTenant(tx, { id: ids.tenant });
      const member = await insertMember(tx, tenant.id, { id: ids.member });
      ({
        secret: { digest },
      } = await insertToken(tx, tenant.id, member.id, { id: ids.token }));
      await tx.insertAuditEvent({
        id: uniqueId('evt'),
        tenantId: tenant.id,
        actorTokenId: null,
        actorMemberId: member.id,
        action: 'token.created',
        targetType: 'token',
        targetId: ids.token,
        occurredAtMs: 1_000,
        clientIp: null,
        requestId: null,
        details: null,
      });
      // Inside, the transaction reads its own writes.
      expect(await tx.findToken(tenant.id, ids.token)).not.toBeNull();
      throw refusal;
    });
    await expect(outcome).rejects.toBe(refusal);
    expect(await store().findTenant(ids.tenant)).toBeNull();
    expect(await store().findMember(ids.tenant, ids.member)).toBeNull();
    expect(await store().findToken(ids.tenant, ids.token)).toBeNull();
    expect(await store().findCredentialByDigest(digest)).toBeNull();
    expect((await store().listAuditEvents(ids.tenant, 10, 0)).totalItems).toBe(0);
  });

  it('a statement that fails inside a transaction rolls back the writes before it', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const taken = await insertToken(store(), tenant.id, owner.id);
    const fresh = uniqueId('tok');
    const outcome = store().transaction(async (tx) => {
      await insertToken(tx, tenant.id, owner.id, { id: fresh });
      // The same id again: the primary key refuses it, and the insert above must go with it.
      await insertToken(tx, tenant.id, owner.id, { id: taken.token.id });
    });
    await expect(outcome).rejects.toThrow();
    expect(await store().findToken(tenant.id, fresh)).toBeNull();
  });

  it('a transaction that returns commits every write and answers its value', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const value = await store().transaction(async (tx) => {
      const { token } = await insertToken(tx, tenant.id, owner.id);
      await tx.updateTenant(tenant.id, { suspendedAtMs: 5_000 }, 5_000);
      return token.id;
    });
    expect(await store().findToken(tenant.id, value)).not.toBeNull();
    expect((await store().findTenant(tenant.id))?.suspendedAtMs).toBe(5_000);
  });

  /**
   * Ten transactions at once, each a count-then-write under the owner-scope lock (the permanent-token
   * cap): without serialisation several would count the same total and all insert.
   */
  const countThenInsert = (tenantId: string, ownerId: string | null, cap: number, log: string[]) =>
    Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        store().transaction(async (tx: StoreOperations) => {
          await tx.lockOwnerScope(tenantId, ownerId);
          log.push(`enter ${index}`);
          const counted = await tx.countCappedTokens(tenantId, ownerId);
          const inserted = counted < cap;
          if (inserted) await insertToken(tx, tenantId, ownerId, { countsTowardCap: true });
          log.push(`leave ${index}`);
          return inserted;
        }),
      ),
    );

  /** Every holder left before the next one entered. */
  const expectOneHolderAtATime = (log: readonly string[]) => {
    for (let at = 0; at < log.length; at += 2) {
      const index = log[at]!.split(' ')[1];
      expect([log[at], log[at + 1]]).toEqual([`enter ${index}`, `leave ${index}`]);
    }
  };

  it("transactions locking one member's scope run one at a time: a count-then-insert stays exact", async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const log: string[] = [];
    const inserted = await countThenInsert(tenant.id, owner.id, 3, log);
    expect(inserted.filter(Boolean)).toHaveLength(3);
    expect(await store().countCappedTokens(tenant.id, owner.id)).toBe(3);
    expectOneHolderAtATime(log);
  });

  it("transactions locking a tenant's service scope run one at a time", async () => {
    const tenant = await insertTenant(store());
    const log: string[] = [];
    const inserted = await countThenInsert(tenant.id, null, 2, log);
    expect(inserted.filter(Boolean)).toHaveLength(2);
    expect(await store().countCappedTokens(tenant.id, null)).toBe(2);
    expectOneHolderAtATime(log);
  });

  it('a lock is released when its transaction rolls back', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    await expect(
      store().transaction(async (tx) => {
        await tx.lockOwnerScope(tenant.id, owner.id);
        throw new Error('gives up while holding the lock');
      }),
    ).rejects.toThrow('gives up');
    const after = await store().transaction(async (tx) => {
      await tx.lockOwnerScope(tenant.id, owner.id);
      return 'locked again';
    });
    expect(after).toBe('locked again');
  });
});
