// The first schema. Column types are chosen to mean the same on SQLite and PostgreSQL.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_operator', 'integer', (c) => c.notNull())
    .addColumn('suspended_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('members_tenant_email_current')
    .on('members')
    .columns(['tenant_id', 'email'])
    .unique()
    .where(sql.ref('removed_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_id', 'text', (c) => c.references('members.id'))
    .addColumn('name_scope', 'text', (c) => c.notNull())
    .addColumn('created_by_member_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('space', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('service', 'integer', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('policy', 'text')
    .addColumn('custom_roles', 'text')
    .addColumn('allowed_cidrs', 'text')
    .addColumn('rate_limit', 'text')
    .addColumn('max_uses', 'integer')
    .addColumn('remaining_uses', 'integer')
    .addColumn('metadata', 'text')
    .addColumn('default_api_version', 'integer')
    .addColumn('hint', 'text', (c) => c.notNull())
    .addColumn('counts_toward_cap', 'integer', (c) => c.notNull())
    .addColumn('cap_role', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('not_before', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text')
    .addColumn('last_used_user_agent', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tokens_name_unique')
    .on('tokens')
    .columns(['tenant_id', 'name_scope', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('tokens_listing')
    .on('tokens')
    .columns(['tenant_id', 'owner_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('token_secrets')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id'))
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('token_secrets_token').on('token_secrets').column('token_id').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('actor_token_id', 'text')
    .addColumn('actor_member_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('client_ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('audit_events_tenant')
    .on('audit_events')
    .columns(['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('server_keys')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bootstrap')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'bootstrap',
    'server_keys',
    'audit_events',
    'token_secrets',
    'tokens',
    'members',
    'tenants',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
