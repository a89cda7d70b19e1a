// Token serials: every token gets a number from one sequence for the whole installation (NeuroIO's
// integer id). Existing tokens are numbered in creation order; new ones draw from the sequence, which
// is PostgreSQL's own SEQUENCE (never waits, never repeats) or, on SQLite, a counter row bumped under
// the one write lock. The only place outside the dialect folders that tells the databases apart: a
// migration must create what each database has.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('serial', 'bigint').execute();
  // Oldest first, ties by id: the listing order read backwards.
  await sql`
    update tokens set serial = numbered.n
    from (select id, row_number() over (order by created_at, id) as n from tokens) as numbered
    where tokens.id = numbered.id`.execute(db);
  await db.schema.createIndex('tokens_serial_unique').on('tokens').column('serial').unique().execute();
  const { rows } = await sql<{
    last: number | string | null;
  }>`select max(serial) as last from tokens`.execute(db);
  const last = Number(rows[0]?.last ?? 0);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table tokens alter column serial set not null`.execute(db);
    await sql`create sequence token_serials start with ${sql.lit(last + 1)}`.execute(db);
    return;
  }
  await db.schema
    .createTable('token_serial_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into token_serial_counter (id, value) values (1, ${last})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop sequence token_serials`.execute(db);
  else await db.schema.dropTable('token_serial_counter').execute();
  await db.schema.dropIndex('tokens_serial_unique').execute();
  await db.schema.alterTable('tokens').dropColumn('serial').execute();
}
