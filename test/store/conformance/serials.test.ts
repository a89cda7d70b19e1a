// Conformance: every token gets a serial from the installation's one sequence, at creation, on both
// databases: unique under concurrent creates, never given again (a rolled-back create included), and
// the tokens that existed before serials are numbered by the migration in creation order.
import { describe, expect, it } from 'vitest';
import { tokenToRow } from '../../../src/store/kysely/token-rows.js';
import { describeEachBackend } from './backends.js';
import { insertMember, insertTenantWithOwner, insertToken, tokenRecord } from './fixtures.js';
import { insertOldTenantWithOwner, openOldDatabase } from './old-databases.js';

describeEachBackend((store) => {
  it('tokens created at once, in many transactions, each get a serial of their own', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const other = await insertMember(store(), tenant.id);
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        store().transaction(async (tx) => {
          // Different owner scopes, so PostgreSQL runs them truly side by side.
          const { token } = await insertToken(tx, tenant.id, index % 2 === 0 ? owner.id : other.id);
          return token;
        }),
      ),
    );
    const serials = created.map((token) => token.serial);
    expect(new Set(serials).size).toBe(serials.length);
    for (const serial of serials) expect(Number.isSafeInteger(serial) && serial > 0).toBe(true);
    // What the insert answered is what is stored.
    for (const token of created)
      expect((await store().findToken(tenant.id, token.id))?.serial).toBe(token.serial);
  });

  it('the sequence spans tenants: serials are unique in the whole installation and only grow', async () => {
    const first = await insertTenantWithOwner(store());
    const second = await insertTenantWithOwner(store());
    const a = await insertToken(store(), first.tenant.id, first.owner.id);
    const b = await insertToken(store(), second.tenant.id, second.owner.id);
    const c = await insertToken(store(), first.tenant.id, null);
    expect(b.token.serial).toBeGreaterThan(a.token.serial);
    expect(c.token.serial).toBeGreaterThan(b.token.serial);
  });

  it('a create that rolls back leaves no token holding its serial; the next token gets a new one', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const before = await insertToken(store(), tenant.id, owner.id);
    await expect(
      store().transaction(async (tx) => {
        await insertToken(tx, tenant.id, owner.id);
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    const after = await insertToken(store(), tenant.id, owner.id);
    expect(after.token.serial).toBeGreaterThan(before.token.serial);
    const listed = await store().listTokens({
      tenantId: tenant.id,
      owner: 'everyone',
      filters: {},
      nowMs: 2_000,
      limit: 10,
      offset: 0,
    });
    expect(listed.items.map((token) => token.serial).sort()).toEqual(
      [before.token.serial, after.token.serial].sort(),
    );
  });

  it('a change to a token never changes its serial', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().updateToken({ ...token, name: 'renamed', serial: token.serial + 1000 }, 1)).toBe(
      true,
    );
    expect((await store().findToken(tenant.id, token.id))?.serial).toBe(token.serial);
  });
});

describe.each(['sqlite', 'postgres'] as const)('the serials migration on %s', (backend) => {
  it('numbers the tokens that existed before it in creation order, and new tokens continue after them', async () => {
    const old = await openOldDatabase(backend);
    try {
      await old.migrateTo('003-roles-and-spaces');
      // Rows as the old schema held them (no serial column), written with the old store's shape.
      const tenantId = 'ten_old';
      await insertOldTenantWithOwner(old.db, tenantId);
      // Created out of id order, with a tie on created_at broken by id.
      const made = [
        { id: 'tok_c', createdAtMs: 3_000 },
        { id: 'tok_a', createdAtMs: 1_000 },
        { id: 'tok_z', createdAtMs: 2_000 },
        { id: 'tok_b', createdAtMs: 2_000 },
      ];
      for (const { id, createdAtMs } of made) {
        const record = tokenRecord(tenantId, 'mem_old', { id, createdAtMs, updatedAtMs: createdAtMs });
        // A row as the schema before 004 had it: no serial, and none of the later columns.
        const {
          serial: _none,
          canary: _later,
          revoked_reason: _reason,
          imported: _imported,
          ...row
        } = tokenToRow({ ...record, serial: 0 });
        await old.db
          .insertInto('tokens')
          .values(row as never)
          .execute();
      }
      const store = old.openStore();
      await store.migrate();
      const serialOf = async (id: string) => (await store.findToken(tenantId, id))?.serial;
      expect([
        await serialOf('tok_a'),
        await serialOf('tok_b'),
        await serialOf('tok_z'),
        await serialOf('tok_c'),
      ]).toEqual([1, 2, 3, 4]);
      const { token } = await insertToken(store, tenantId, 'mem_old');
      expect(token.serial).toBe(5);
    } finally {
      await old.discard();
    }
  });
});
