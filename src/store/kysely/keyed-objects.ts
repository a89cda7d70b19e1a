// The keyed objects of a tenant, custom roles and spaces: rows of the same shape, named by a key unique
// in the tenant, so one body serves both tables.
import type { Kysely, Selectable } from 'kysely';
import type { PolicyStatement } from '../../core/policy.js';
import type { CustomRolesTable, Database, SpacesTable } from '../schema.js';
import type { CustomRoleRecord, NamedRecord, StoreOperations } from '../store.js';
import { findInTenant } from './find-in-tenant.js';
import { pageOf } from './paging.js';
import { likeContains } from './text-match.js';
import { changedOneRow, toNumber } from './values.js';

export type KeyedObjectOperations = Pick<
  StoreOperations,
  | 'findCustomRoles'
  | 'listCustomRoles'
  | 'saveCustomRole'
  | 'deleteCustomRole'
  | 'findSpace'
  | 'listSpaces'
  | 'saveSpace'
  | 'deleteSpace'
  | 'isInUse'
>;

type KeyedTable = 'custom_roles' | 'spaces';

function namedFromRow(row: Selectable<SpacesTable>): NamedRecord {
  return {
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    description: row.description,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

function namedToRow(record: NamedRecord): Selectable<SpacesTable> {
  return {
    tenant_id: record.tenantId,
    key: record.key,
    name: record.name,
    description: record.description,
    created_at: record.createdAtMs,
    updated_at: record.updatedAtMs,
  };
}

export function customRoleFromRow(row: Selectable<CustomRolesTable>): CustomRoleRecord {
  return { ...namedFromRow(row), policy: JSON.parse(row.policy) as PolicyStatement[] };
}

export function keyedObjectOperations(db: Kysely<Database>): KeyedObjectOperations {
  /** One page of a tenant's keyed objects in key order, read as the columns both tables have. */
  const pageKeyed = <Item>(
    table: KeyedTable,
    tenantId: string,
    window: { readonly limit: number; readonly offset: number },
    fromRow: (row: Selectable<SpacesTable>) => Item,
  ) =>
    pageOf(
      db.selectFrom(table as 'spaces').where('tenant_id', '=', tenantId),
      (selection) => selection.selectAll().orderBy('key'),
      window,
      fromRow,
    );

  /** Insert a new key (false if taken), or update an existing one's `changes` (false if absent). */
  const saveKeyed = async (
    table: KeyedTable,
    row: Selectable<SpacesTable> & { policy?: string },
    replace: boolean,
    changes: Record<string, unknown>,
  ): Promise<boolean> => {
    // biome-ignore lint/suspicious/noExplicitAny: one body for two tables of the same shape.
    const anyDb = db as Kysely<any>;
    if (!replace) {
      const result = await anyDb
        .insertInto(table)
        .values(row)
        .onConflict((conflict) => conflict.columns(['tenant_id', 'key']).doNothing())
        .executeTakeFirst();
      return changedOneRow(result);
    }
    const result = await anyDb
      .updateTable(table)
      .set({ ...changes, updated_at: row.updated_at })
      .where('tenant_id', '=', row.tenant_id)
      .where('key', '=', row.key)
      .executeTakeFirst();
    return changedOneRow(result);
  };

  const deleteKeyed = async (table: KeyedTable, tenantId: string, key: string): Promise<boolean> => {
    const result = await db
      .deleteFrom(table)
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
    return changedOneRow(result);
  };

  return {
    async findCustomRoles(tenantId, keys) {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('custom_roles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('key', 'in', [...keys])
        .execute();
      return rows.map(customRoleFromRow);
    },

    listCustomRoles: (tenantId, limit, offset) =>
      // selectAll() read the policy column too: the row is a custom role's.
      pageKeyed('custom_roles', tenantId, { limit, offset }, (row) =>
        customRoleFromRow(row as Selectable<CustomRolesTable>),
      ),

    saveCustomRole(role, replace) {
      const row = { ...namedToRow(role), policy: JSON.stringify(role.policy) };
      return saveKeyed('custom_roles', row, replace, {
        name: row.name,
        description: row.description,
        policy: row.policy,
      });
    },

    deleteCustomRole: (tenantId, key) => deleteKeyed('custom_roles', tenantId, key),

    async findSpace(tenantId, key) {
      const row = await findInTenant(db, 'spaces', tenantId, key);
      return row === undefined ? null : namedFromRow(row);
    },

    listSpaces: (tenantId, limit, offset) => pageKeyed('spaces', tenantId, { limit, offset }, namedFromRow),

    saveSpace(space, replace) {
      const row = namedToRow(space);
      return saveKeyed('spaces', row, replace, { name: row.name, description: row.description });
    },

    deleteSpace: (tenantId, key) => deleteKeyed('spaces', tenantId, key),

    async isInUse(tenantId, what) {
      let query = db
        .selectFrom('tokens')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null);
      // Keys may hold `_`, a LIKE wildcard: escaped, so `a_b` does not match a token naming `axb`.
      // Keys are lowercase (KEY_PATTERN), so the databases' different LIKE case rules never show.
      query =
        'space' in what
          ? query.where('space', '=', what.space)
          : query.where('custom_roles', 'like', likeContains(JSON.stringify(what.customRole)));
      return (await query.limit(1).executeTakeFirst()) !== undefined;
    },
  };
}
