// Leak reports and imports (SPEC "Leaks and migration"): why a token was revoked, which tokens came
// from another system, and the SHA-256 digests of imported secrets not yet presented. A SHA-256 row
// lives only until its secret is first presented: then it is re-hashed to HMAC (token_secrets) and
// the row is deleted, so the one exception to "HMAC only" shrinks to nothing as clients come back.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  /** `revoked`, `leaked`, `tenant_deleted`…; null while the token is not revoked. */
  await db.schema.alterTable('tokens').addColumn('revoked_reason', 'text').execute();
  /** 1 for a token brought from another system with its existing secret. */
  await db.schema
    .alterTable('tokens')
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('imported_secrets')
    /** Lower-case hex SHA-256 of the imported secret, as the system it came from kept it. */
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    /** Null while current; the end of the grace period once the token was rotated. */
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('imported_secrets_token').on('imported_secrets').column('token_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imported_secrets').execute();
  await db.schema.alterTable('tokens').dropColumn('imported').execute();
  await db.schema.alterTable('tokens').dropColumn('revoked_reason').execute();
}
