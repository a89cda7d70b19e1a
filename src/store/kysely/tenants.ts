// The tenants aggregate: find, list, insert, and change (suspend, resume, token policy, delete).
import type { Kysely, Selectable } from 'kysely';
import { type TokenPolicy, tokenPolicyJson } from '../../core/token-policy.js';
import type { Database, TenantsTable } from '../schema.js';
import type { StoreOperations, TenantRecord } from '../store.js';
import { pageOf } from './paging.js';
import { toNullableNumber, toNumber } from './values.js';

export type TenantOperations = Pick<
  StoreOperations,
  'findTenant' | 'listTenants' | 'insertTenant' | 'updateTenant'
>;

function policyFromColumn(text: string | null): TokenPolicy | null {
  if (text === null) return null;
  const stored = JSON.parse(text) as Record<string, unknown>;
  return {
    maxLifetimeSeconds: (stored.max_lifetime_seconds as number | null) ?? null,
    defaultTtlSeconds: (stored.default_ttl_seconds as number | null) ?? null,
    requireExpiry: stored.require_expiry === true,
    allowPermanent: stored.allow_permanent !== false,
  };
}

function policyToColumn(policy: TokenPolicy | null): string | null {
  return policy === null ? null : JSON.stringify(tokenPolicyJson(policy));
}

function tenantFromRow(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    isOperator: row.is_operator === 1,
    suspendedAtMs: toNullableNumber(row.suspended_at),
    tokenPolicy: policyFromColumn(row.token_policy),
    deletedAtMs: toNullableNumber(row.deleted_at),
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
        // A deleted tenant is gone from the list; its rows stay for the audit trail.
        db.selectFrom('tenants').where('deleted_at', 'is', null),
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
          token_policy: policyToColumn(tenant.tokenPolicy),
          deleted_at: tenant.deletedAtMs,
          created_at: tenant.createdAtMs,
          updated_at: tenant.updatedAtMs,
        })
        .execute();
    },

    async updateTenant(tenantId, change, nowMs) {
      await db
        .updateTable('tenants')
        .set({
          updated_at: nowMs,
          ...(change.suspendedAtMs !== undefined ? { suspended_at: change.suspendedAtMs } : {}),
          ...(change.tokenPolicy !== undefined ? { token_policy: policyToColumn(change.tokenPolicy) } : {}),
          ...(change.deletedAtMs !== undefined ? { deleted_at: change.deletedAtMs } : {}),
        })
        .where('id', '=', tenantId)
        .execute();
      return findTenant(tenantId);
    },
  };
}
