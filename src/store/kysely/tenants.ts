// The tenants aggregate: find, list, insert, suspend and resume.
import type { Kysely, Selectable } from 'kysely';
import type { Database, TenantsTable } from '../schema.js';
import type { StoreOperations, TenantRecord } from '../store.js';
import { pageOf } from './paging.js';
import { toNullableNumber, toNumber } from './values.js';

export type TenantOperations = Pick<
  StoreOperations,
  'findTenant' | 'listTenants' | 'insertTenant' | 'setTenantSuspended'
>;

function tenantFromRow(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    isOperator: row.is_operator === 1,
    suspendedAtMs: toNullableNumber(row.suspended_at),
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

export function tenantOperations(db: Kysely<Database>): TenantOperations {
  const findTenant = async (tenantId: string): Promise<TenantRecord | null> => {
    const row = await db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
    return row === undefined ? null : tenantFromRow(row);
  };

  return {
    findTenant,

    listTenants: (limit, offset) =>
      pageOf(
        db.selectFrom('tenants'),
        (selection) => selection.selectAll().orderBy('created_at').orderBy('id'),
        { limit, offset },
        tenantFromRow,
      ),

    async insertTenant(tenant) {
      await db
        .insertInto('tenants')
        .values({
          id: tenant.id,
          name: tenant.name,
          is_operator: tenant.isOperator ? 1 : 0,
          suspended_at: tenant.suspendedAtMs,
          created_at: tenant.createdAtMs,
          updated_at: tenant.updatedAtMs,
        })
        .execute();
    },

    async setTenantSuspended(tenantId, suspendedAtMs, nowMs) {
      await db
        .updateTable('tenants')
        .set({ suspended_at: suspendedAtMs, updated_at: nowMs })
        .where('id', '=', tenantId)
        .execute();
      return findTenant(tenantId);
    },
  };
}
