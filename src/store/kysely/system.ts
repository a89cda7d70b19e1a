// The system aggregate: the server key checks (is this the key the data was written with?) and the one
// bootstrap row that picks which starting instance sets up an empty database.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { changedOneRow, toNumber } from './values.js';

export type SystemOperations = Pick<
  StoreOperations,
  | 'findServerKeyCheck'
  | 'insertServerKeyCheck'
  | 'countLiveTokensByKeyVersion'
  | 'claimBootstrap'
  | 'findBootstrapTenantId'
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

    async countLiveTokensByKeyVersion(nowMs, tenantId) {
      let query = db
        .selectFrom('token_secrets as s')
        .innerJoin('tokens as t', 't.id', 's.token_id')
        .select((eb) => ['s.key_version', eb.fn.count<number | string>('s.token_id').distinct().as('live')])
        .where('t.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', nowMs)]))
        .where((eb) => eb.or([eb('s.expires_at', 'is', null), eb('s.expires_at', '>', nowMs)]))
        .groupBy('s.key_version');
      if (tenantId !== undefined) query = query.where('t.tenant_id', '=', tenantId);
      const rows = await query.execute();
      return new Map(rows.map((row) => [Number(row.key_version), toNumber(row.live)]));
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
