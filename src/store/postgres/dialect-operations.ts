// PostgreSQL's own operations: the owner-scope lock (a row lock where SQLite's single writer would
// otherwise be relied on) and token serials from a SEQUENCE (no lock: nextval never waits, never repeats).
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DialectOperations } from '../kysely/operations.js';
import type { Database } from '../schema.js';

export function postgresDialectOperations(db: Kysely<Database>): DialectOperations {
  return {
    // Rows another instance is claiming are skipped, not waited for: instances share the work.
    skipLocked: (query) => query.forUpdate().skipLocked(),
    json: {
      // Containment and equality of jsonb values: to_jsonb of a text is a JSON string, never a number.
      arrayHoldsString: (column, value) =>
        sql<SqlBool>`(${sql.ref(column)})::jsonb @> jsonb_build_array(${value}::text)`,
      objectMapsToString: (column, key, value) =>
        sql<SqlBool>`((${sql.ref(column)})::jsonb -> ${key}::text) = to_jsonb(${value}::text)`,
    },
    async nextTokenSerial() {
      // nextval is outside transactions: a rolled-back create leaves a gap, never a repeat.
      const { rows } = await sql<{
        serial: number | string;
      }>`select nextval('token_serials') as serial`.execute(db);
      return Number(rows[0]!.serial);
    },
    async lockOwnerScope(tenantId, ownerId) {
      // Locking the owning row (member, or tenant for its service scope) queues every other transaction
      // of the same scope behind this one until it commits or rolls back.
      if (ownerId === null) {
        await db.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
      } else {
        await db
          .selectFrom('members')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', ownerId)
          .forUpdate()
          .execute();
      }
    },
  };
}
