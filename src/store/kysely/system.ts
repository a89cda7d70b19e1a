// The system aggregate: the server key checks (is this the key the data was written with?) and the one
// bootstrap row that picks which starting instance sets up an empty database.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { changedOneRow } from './values.js';

export type SystemOperations = Pick<
  StoreOperations,
  'findServerKeyCheck' | 'insertServerKeyCheck' | 'claimBootstrap' | 'findBootstrapTenantId'
>;

export function systemOperations(db: Kysely<Database>): SystemOperations {
  return {
    async findServerKeyCheck(version) {
      const row = await db
        .selectFrom('server_keys')
        .select('check_value')
        .where('version', '=', version)
        .executeTakeFirst();
      return row?.check_value ?? null;
    },

    async insertServerKeyCheck(version, checkValue, nowMs) {
      await db
        .insertInto('server_keys')
        .values({ version, check_value: checkValue, created_at: nowMs })
        .onConflict((conflict) => conflict.column('version').doNothing())
        .execute();
    },

    async claimBootstrap(tenantId, nowMs) {
      const result = await db
        .insertInto('bootstrap')
        .values({ id: 1, tenant_id: tenantId, created_at: nowMs })
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst();
      return changedOneRow(result);
    },

    async findBootstrapTenantId() {
      const row = await db.selectFrom('bootstrap').select('tenant_id').where('id', '=', 1).executeTakeFirst();
      return row?.tenant_id ?? null;
    },
  };
}
