// A tenant's token policy (maximum lifetime, default ttl, expiry rules; GitHub's and GitLab's
// lifetime policies, Vault's max_ttl) and its deletion: a deleted tenant keeps its rows, its audit
// trail above all, while every token in it is revoked and the tenant itself reads as gone.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  /** JSON `{max_lifetime_seconds, default_ttl_seconds, require_expiry, allow_permanent}`; null: none. */
  await db.schema.alterTable('tenants').addColumn('token_policy', 'text').execute();
  /** When an operator deleted it; null while it exists. */
  await db.schema.alterTable('tenants').addColumn('deleted_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('deleted_at').execute();
  await db.schema.alterTable('tenants').dropColumn('token_policy').execute();
}
