// Custom roles (named reusable policies) and spaces (named parts of a tenant), both addressed by key.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['custom_roles', 'spaces']) {
    let builder = db.schema
      .createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text');
    if (table === 'custom_roles') builder = builder.addColumn('policy', 'text', (c) => c.notNull());
    await builder
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['tenant_id', 'key'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('spaces').execute();
  await db.schema.dropTable('custom_roles').execute();
}
