// The usage aggregate: per-minute counts rolled up to hours and days as they are written, the grants
// that decided verifications, and the reads of GET /v1/tokens/{id}/usage, /v1/usage and /advice.
import { type Kysely, sql } from 'kysely';
import { bucketStartOf, USAGE_GRANULARITIES } from '../../core/usage.js';
import type { Database, GrantUsesTable, UsageCountsTable } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { toNumber } from './values.js';

export type UsageOperations = Pick<
  StoreOperations,
  'recordUsage' | 'recordGrantUses' | 'usageCounts' | 'rankUsage' | 'grantUses' | 'pruneUsage'
>;

/**
 * Rows per statement: few enough for SQLite's and PostgreSQL's bound on markers (6-7 a row), many
 * enough that a second of a busy instance's counts is a handful of statements.
 */
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT)
    out.push(rows.slice(at, at + ROWS_PER_STATEMENT));
  return out;
}

/** Sums rows with the same key first: one statement may not upsert the same row twice (PostgreSQL). */
function summed<T extends { count: number }>(rows: Iterable<T>, keyOf: (row: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const held = byKey.get(key);
    if (held === undefined) byKey.set(key, { ...row });
    else held.count += row.count;
  }
  return [...byKey.values()];
}

export function usageOperations(db: Kysely<Database>): UsageOperations {
  return {
    async recordUsage(counts) {
      const rows = summed<UsageCountsTable>(
        counts.flatMap((count) =>
          USAGE_GRANULARITIES.map((granularity) => ({
            token_id: count.tokenId,
            tenant_id: count.tenantId,
            granularity,
            bucket_start: bucketStartOf(count.minuteStartMs, granularity),
            code: count.code,
            count: count.count,
          })),
        ),
        (row) => `${row.token_id}\n${row.granularity}\n${row.bucket_start}\n${row.code}`,
      );
      for (const chunk of chunks(rows)) {
        await db
          .insertInto('usage_counts')
          .values(chunk)
          .onConflict((conflict) =>
            conflict
              .columns(['token_id', 'granularity', 'bucket_start', 'code'])
              .doUpdateSet((eb) => ({ count: eb('usage_counts.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
    },

    async recordGrantUses(uses) {
      const rows = summed<GrantUsesTable>(
        uses.map((use) => ({
          token_id: use.tokenId,
          day_start: use.dayStartMs,
          grant_key: use.grantKey,
          action: use.action,
          resource: use.resource ?? '',
          count: use.count,
        })),
        (row) => `${row.token_id}\n${row.day_start}\n${row.grant_key}\n${row.action}\n${row.resource}`,
      );
      for (const chunk of chunks(rows)) {
        await db
          .insertInto('grant_uses')
          .values(chunk)
          .onConflict((conflict) =>
            conflict
              .columns(['token_id', 'day_start', 'grant_key', 'action', 'resource'])
              .doUpdateSet((eb) => ({ count: eb('grant_uses.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
    },

    async usageCounts(tokenId, granularity, firstBucketMs, lastBucketMs) {
      const rows = await db
        .selectFrom('usage_counts')
        .select(['bucket_start', 'code', 'count'])
        .where('token_id', '=', tokenId)
        .where('granularity', '=', granularity)
        .where('bucket_start', '>=', firstBucketMs)
        .where('bucket_start', '<=', lastBucketMs)
        .execute();
      return rows.map((row) => ({
        bucketStartMs: toNumber(row.bucket_start),
        code: row.code,
        count: toNumber(row.count),
      }));
    },

    async rankUsage(ranking) {
      const key = ranking.groupBy === 'token' ? ('token_id' as const) : ('code' as const);
      const inRange = db
        .selectFrom('usage_counts')
        .where('tenant_id', '=', ranking.tenantId)
        .where('granularity', '=', ranking.granularity)
        .where('bucket_start', '>=', ranking.firstBucketMs)
        .where('bucket_start', '<=', ranking.lastBucketMs);
      const total = sql<number | string>`sum(count)`;
      const rows = await inRange
        .select([
          `${key} as key`,
          total.as('total'),
          sql<number | string>`sum(case when code = 'valid' then count else 0 end)`.as('valid'),
        ])
        .groupBy(key)
        // Busiest first; ties in one stable order.
        .orderBy(total, 'desc')
        .orderBy(key)
        .limit(ranking.limit)
        .offset(ranking.offset)
        .execute();
      const counted = await inRange
        .select(sql<number | string>`count(distinct ${sql.ref(key)})`.as('count'))
        .executeTakeFirstOrThrow();
      return {
        items: rows.map((row) => ({ key: row.key, total: toNumber(row.total), valid: toNumber(row.valid) })),
        totalItems: toNumber(counted.count),
      };
    },

    async grantUses(tokenId, sinceDayMs) {
      const rows = await db
        .selectFrom('grant_uses')
        .select(['grant_key', 'action', 'resource', sql<number | string>`sum(count)`.as('count')])
        .where('token_id', '=', tokenId)
        .where('day_start', '>=', sinceDayMs)
        .groupBy(['grant_key', 'action', 'resource'])
        .orderBy('grant_key')
        .orderBy('action')
        .orderBy('resource')
        .execute();
      return rows.map((row) => ({
        grantKey: row.grant_key,
        action: row.action,
        resource: row.resource === '' ? null : row.resource,
        count: toNumber(row.count),
      }));
    },

    async pruneUsage(cutoffs, grantUsesBeforeMs, maxRows) {
      // DELETE … LIMIT is not portable (SQLite builds leave it out, PostgreSQL has none): delete the
      // rows a limited select of primary keys names, which both run from the (granularity, age) index.
      let deleted = 0;
      for (const granularity of USAGE_GRANULARITIES) {
        const oldest = db
          .selectFrom('usage_counts')
          .select(['token_id', 'granularity', 'bucket_start', 'code'])
          .where('granularity', '=', granularity)
          .where('bucket_start', '<', cutoffs[granularity])
          .limit(maxRows)
          .$asTuple('token_id', 'granularity', 'bucket_start', 'code');
        const result = await db
          .deleteFrom('usage_counts')
          .where(({ eb, refTuple }) =>
            eb(refTuple('token_id', 'granularity', 'bucket_start', 'code'), 'in', oldest),
          )
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      const oldestUses = db
        .selectFrom('grant_uses')
        .select(['token_id', 'day_start', 'grant_key', 'action', 'resource'])
        .where('day_start', '<', grantUsesBeforeMs)
        .limit(maxRows)
        .$asTuple('token_id', 'day_start', 'grant_key', 'action', 'resource');
      const grants = await db
        .deleteFrom('grant_uses')
        .where(({ eb, refTuple }) =>
          eb(refTuple('token_id', 'day_start', 'grant_key', 'action', 'resource'), 'in', oldestUses),
        )
        .executeTakeFirst();
      return deleted + Number(grants.numDeletedRows);
    },
  };
}
