// SQLite's own operations: no owner-scope lock to take (the database has one writer), and token serials
// from a counter row bumped under that same write lock.
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DialectOperations } from '../kysely/operations.js';
import type { Database } from '../schema.js';

/**
 * Over the connection or the transaction `db` is. Every token is inserted inside a transaction, which
 * holds the one write lock, so two bumps never interleave; a unit rolled back takes its bump with it,
 * so a serial is only ever held by one committed token.
 */
export function sqliteDialectOperations(db: Kysely<Database>): DialectOperations {
  return {
    skipLocked: (query) => query,
    json: {
      // json_each walks the stored text; its `type` column keeps a number from matching a string.
      arrayHoldsString: (column, value) =>
        sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) as e where e.type = 'text' and e.value = ${value})`,
      objectMapsToString: (column, key, value) =>
        sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}) as e where e.key = ${key} and e.type = 'text' and e.value = ${value})`,
    },
    async lockOwnerScope() {
      // SQLite: every write transaction holds the database's one write lock from BEGIN IMMEDIATE on.
    },
    async nextTokenSerial() {
      const { rows } = await sql<{
        value: number;
      }>`update token_serial_counter set value = value + 1 where id = 1 returning value`.execute(db);
      return Number(rows[0]!.value);
    },
  };
}
