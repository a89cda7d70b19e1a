// A token's last use in a narrow table of its own. The write-behind batch records thousands of uses a
// second; as columns of `tokens` each one rewrote a wide row (scopes, policy, metadata) in the table
// every read of a token touches. Here a use is one short row in a table about a quarter of that size,
// and the token rows stay as they were written. (Measured: a few per cent off a cache miss, since the
// write-behind is no longer what a miss mostly costs; see docs/performance.md, 2026-12-06.)
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('token_last_uses')
    // No foreign key: a token row is never deleted, and checking one would read a page of `tokens`
    // for every use the batch writes, the very cost this table takes away.
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    // SQLite: the row lives in the primary key's own b-tree, one tree to write rather than two.
    .$call((table) => (postgres ? table : table.modifyEnd(sql`without rowid`)))
    .execute();
  await sql`insert into token_last_uses (token_id, at, ip, user_agent)
    select id, last_used_at, last_used_ip, last_used_user_agent from tokens where last_used_at is not null`.execute(
    db,
  );
  for (const column of ['last_used_user_agent', 'last_used_ip', 'last_used_at'])
    await db.schema.alterTable('tokens').dropColumn(column).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').addColumn('last_used_at', 'bigint').execute();
  await db.schema.alterTable('tokens').addColumn('last_used_ip', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('last_used_user_agent', 'text').execute();
  await sql`update tokens set
      last_used_at = (select u.at from token_last_uses u where u.token_id = tokens.id),
      last_used_ip = (select u.ip from token_last_uses u where u.token_id = tokens.id),
      last_used_user_agent = (select u.user_agent from token_last_uses u where u.token_id = tokens.id)`.execute(
    db,
  );
  await db.schema.dropTable('token_last_uses').execute();
}
