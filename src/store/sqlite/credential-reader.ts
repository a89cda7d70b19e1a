// The verify path's read on SQLite, on the reader connection: it never queues behind a group commit on
// the writer's connection, and (WAL) it sees only committed data, never a transaction in progress.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import { type CredentialRow, credentialFromRow, credentialQuery } from '../kysely/credentials.js';
import { customRoleFromRow } from '../kysely/keyed-objects.js';
import type { CustomRolesTable, Database } from '../schema.js';
import type { StoreOperations } from '../store.js';

export function credentialReader(
  kysely: Kysely<Database>,
  reader: BetterSqlite3.Database,
): StoreOperations['findCredentialByDigest'] {
  // Prepared at first use: the tables exist only once migrate() has run.
  let credentialRead: BetterSqlite3.Statement<[string], CredentialRow> | undefined;
  let customRoleRead: BetterSqlite3.Statement<[string, string], Selectable<CustomRolesTable>> | undefined;

  return async (digest) => {
    credentialRead ??= reader.prepare(credentialQuery(kysely, '').compile().sql);
    customRoleRead ??= reader.prepare(
      kysely
        .selectFrom('custom_roles')
        .selectAll()
        .where('tenant_id', '=', '')
        .where('key', '=', '')
        .compile().sql,
    );
    const row = credentialRead.get(digest);
    if (row === undefined) return null;
    const roleRead = customRoleRead;
    // The roles a token names are read on the same connection, so nothing here waits for the writer.
    return credentialFromRow(row, async (tenantId, keys) =>
      keys.flatMap((key) => {
        const role = roleRead.get(tenantId, key);
        return role === undefined ? [] : [customRoleFromRow(role)];
      }),
    );
  };
}
