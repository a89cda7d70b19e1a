// Usage over time, the grants that decided verifications (least-privilege advice), and canary tokens.
// Usage counts are rolled up when they are written: one flush adds each (token, minute, code) count
// to its minute, hour and day bucket with an upsert that adds, so several instances sum and the hour
// and day series never wait for a compaction pass; retention then only deletes old buckets.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  /** A decoy (SPEC "Canary tokens"): never grants anything, alarms its owner when presented. */
  await db.schema
    .alterTable('tokens')
    .addColumn('canary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('usage_counts')
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** `minute`, `hour` or `day`: the bucket's size. */
    .addColumn('granularity', 'text', (c) => c.notNull())
    /** The bucket's first instant, ms since the epoch, aligned to its UTC boundary. */
    .addColumn('bucket_start', 'bigint', (c) => c.notNull())
    /** The verification's outcome code: `valid` or the refusal's code. */
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_counts_pk', ['token_id', 'granularity', 'bucket_start', 'code'])
    .execute();
  // GET /v1/usage reads a tenant's buckets of one size in a range; retention deletes by size and age.
  await db.schema
    .createIndex('usage_counts_tenant_range')
    .on('usage_counts')
    .columns(['tenant_id', 'granularity', 'bucket_start'])
    .execute();
  await db.schema
    .createIndex('usage_counts_age')
    .on('usage_counts')
    .columns(['granularity', 'bucket_start'])
    .execute();
  await db.schema
    .createTable('grant_uses')
    .addColumn('token_id', 'text', (c) => c.notNull())
    /** The UTC day of the uses, ms since the epoch. */
    .addColumn('day_start', 'bigint', (c) => c.notNull())
    /** Which grant decided (`role:admin`, `scope:orders:*`, `policy:2`, `custom_role:ops:0`). */
    .addColumn('grant_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    /** The resource asked, or '' when the verification named none. */
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('grant_uses_pk', ['token_id', 'day_start', 'grant_key', 'action', 'resource'])
    .execute();
  await db.schema.createIndex('grant_uses_age').on('grant_uses').column('day_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('grant_uses').execute();
  await db.schema.dropTable('usage_counts').execute();
  await db.schema.alterTable('tokens').dropColumn('canary').execute();
}
