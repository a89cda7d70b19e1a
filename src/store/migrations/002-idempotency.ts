// Idempotency keys for token creation, and the keyset index that cursor paging walks.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** Whose key: the calling member, or the tenant's service scope (''): keys never cross callers. */
    .addColumn('caller_scope', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    /** SHA-256 of the canonical request body: the same key with another body is a conflict. */
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'caller_scope', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('tokens_tenant_keyset')
    .on('tokens')
    .columns(['tenant_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tokens_tenant_keyset').execute();
  await db.schema.dropTable('idempotency_keys').execute();
}
