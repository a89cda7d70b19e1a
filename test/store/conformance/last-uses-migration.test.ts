// Migration 009 moves a token's last use out of `tokens` into token_last_uses: a use recorded before
// it reads the same after it, on both databases, and its down migration puts the uses back.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tokenToRow } from '../../../src/store/kysely/token-rows.js';
import { tokenRecord } from './fixtures.js';
import { insertOldTenantWithOwner, openOldDatabase } from './old-databases.js';

const TENANT = 'ten_old';
const BEFORE = '008-tenant-policy-and-deletion';

describe.each(['sqlite', 'postgres'] as const)('the last-uses migration on %s', (backend) => {
  it('carries each recorded use over, leaves never-used tokens unused, and goes back down', async () => {
    const old = await openOldDatabase(backend);
    try {
      await old.migrateTo(BEFORE);
      await insertOldTenantWithOwner(old.db, TENANT);
      const uses: Record<string, { at: number; ip: string; agent: string } | null> = {
        tok_used: { at: 5_000, ip: '192.0.2.7', agent: 'curl/8.5' },
        tok_unused: null,
        tok_later: { at: 9_000, ip: '2001:db8::1', agent: 'fastly-js/13' },
      };
      let serial = 0;
      for (const [id, use] of Object.entries(uses)) {
        serial += 1;
        // A row as the schema before 009 had it: the last use in three columns of its own.
        await old.db
          .insertInto('tokens')
          .values({
            ...tokenToRow({ ...tokenRecord(TENANT, 'mem_old', { id, name: id }), serial }),
            last_used_at: use?.at ?? null,
            last_used_ip: use?.ip ?? null,
            last_used_user_agent: use?.agent ?? null,
          } as never)
          .execute();
      }

      const store = old.openStore();
      await store.migrate();
      for (const [id, use] of Object.entries(uses)) {
        const token = await store.findToken(TENANT, id);
        expect(token, id).toMatchObject({
          lastUsedAtMs: use?.at ?? null,
          lastUsedIp: use?.ip ?? null,
          lastUsedUserAgent: use?.agent ?? null,
        });
      }
      // The listing's filter and order read the new table.
      const listed = async (sort: '-last_used_at' | 'last_used_at', lastUsedBeforeMs?: number) =>
        (
          await store.listTokens({
            tenantId: TENANT,
            owner: 'everyone',
            filters: lastUsedBeforeMs === undefined ? {} : { lastUsedBeforeMs },
            sort,
            nowMs: 10_000,
            limit: 10,
            offset: 0,
          })
        ).items.map((token) => token.id);
      // Never used sorts as the oldest use.
      expect(await listed('last_used_at')).toEqual(['tok_unused', 'tok_used', 'tok_later']);
      expect(await listed('-last_used_at', 9_000)).toEqual(['tok_used', 'tok_unused']);
      // A use recorded after the migration moves the last use on; an older one arriving late does not.
      await store.recordLastUsed([
        { tokenId: 'tok_used', atMs: 7_000, ip: '198.51.100.2', userAgent: 'new' },
        { tokenId: 'tok_later', atMs: 8_000, ip: '198.51.100.3', userAgent: 'stale' },
      ]);
      expect(await store.findToken(TENANT, 'tok_used')).toMatchObject({
        lastUsedAtMs: 7_000,
        lastUsedIp: '198.51.100.2',
      });
      expect(await store.findToken(TENANT, 'tok_later')).toMatchObject({
        lastUsedAtMs: 9_000,
        lastUsedIp: '2001:db8::1',
      });

      await old.migrateTo(BEFORE);
      const { rows } = await sql<{
        id: string;
        last_used_at: number | string | null;
        last_used_ip: string | null;
      }>`
        select id, last_used_at, last_used_ip from tokens order by id`.execute(old.db);
      expect(
        rows.map((row) => [
          row.id,
          row.last_used_at === null ? null : Number(row.last_used_at),
          row.last_used_ip,
        ]),
      ).toEqual([
        ['tok_later', 9_000, '2001:db8::1'],
        ['tok_unused', null, null],
        ['tok_used', 7_000, '198.51.100.2'],
      ]);
    } finally {
      await old.discard();
    }
  });
});
