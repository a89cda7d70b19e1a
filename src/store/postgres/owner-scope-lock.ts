// PostgreSQL's owner-scope lock: a row lock where SQLite's single writer would otherwise be relied on.
import type { Kysely } from 'kysely';
import type { DialectOperations } from '../kysely/operations.js';
import type { Database } from '../schema.js';

export function postgresOwnerScopeLock(db: Kysely<Database>): DialectOperations {
  return {
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
