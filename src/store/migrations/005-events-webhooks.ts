// Lifecycle events: the outbox (written in the same transaction as the change it announces), the
// webhook endpoints, one delivery per (endpoint, event) with its attempts, and the once-only record of
// expiry notices. Outbox rows are numbered from an ever-growing sequence: for one subject, changes are
// serialised by the subject's own row, so its events are numbered in commit order and delivered in it.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // The only difference between the databases here: how an ever-growing integer key is declared.
  await db.schema
    .createTable('events')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    // The signing secret, encrypted (AES-256-GCM under a key derived from the server key): it must be
    // read back to sign, so it cannot be a digest. Never a plaintext secret in this table.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('failed_in_a_row', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhooks_listing')
    .on('webhooks')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint')
    .addColumn('claim_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deliveries_once', ['webhook_id', 'event_id'])
    .execute();
  // What the dispatcher claims (pending, due) and what keeps one subject's deliveries in order.
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('deliveries_subject_order')
    .on('deliveries')
    .columns(['webhook_id', 'subject_id', 'event_seq'])
    .execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    /** The HTTP status answered; null when there was no answer (refused, timed out, unreachable). */
    .addColumn('status', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('delivery_attempts_pk', ['delivery_id', 'attempt'])
    .execute();

  // One row per notice sent: the primary key makes each (token, lead time) once, whichever instance
  // finds it first. lead_seconds 0 is token.expired.
  await db.schema
    .createTable('expiry_notices')
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('lead_seconds', 'integer', (c) => c.notNull())
    .addColumn('noticed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('expiry_notices_pk', ['token_id', 'lead_seconds'])
    .execute();
  await db.schema.createIndex('tokens_expires_at').on('tokens').column('expires_at').execute();
  // Tokens that had already expired before events existed are not announced as newly expired.
  await sql`
    insert into expiry_notices (token_id, lead_seconds, noticed_at)
    select id, 0, expires_at from tokens where expires_at is not null and expires_at <= ${Date.now()}`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tokens_expires_at').execute();
  for (const table of ['expiry_notices', 'delivery_attempts', 'deliveries', 'webhooks', 'events']) {
    await db.schema.dropTable(table).execute();
  }
}
