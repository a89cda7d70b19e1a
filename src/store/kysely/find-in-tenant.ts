// One row found by its tenant and its key: the shape of every find by id.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';

/** The column that, with tenant_id, names one row of each tenant-owned table. */
const KEY_COLUMN = { tokens: 'id', members: 'id', custom_roles: 'key', spaces: 'key' } as const;

/** The row of `table` in `tenantId` whose key is `key`; another tenant's row is never found. */
export function findInTenant<T extends keyof typeof KEY_COLUMN>(
  db: Kysely<Database>,
  table: T,
  tenantId: string,
  key: string,
): Promise<Selectable<Database[T]> | undefined> {
  const keyColumn: string = KEY_COLUMN[table];
  // biome-ignore lint/suspicious/noExplicitAny: one body for four tables; the result is typed per table.
  return (db as Kysely<any>)
    .selectFrom(table)
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(keyColumn, '=', key)
    .executeTakeFirst() as Promise<Selectable<Database[T]> | undefined>;
}
