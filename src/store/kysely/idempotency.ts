// The idempotency aggregate: a create's key, per tenant and caller, and the request it answered.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { changedOneRow, toNumber } from './values.js';

export type IdempotencyOperations = Pick<
  StoreOperations,
  'findIdempotencyKey' | 'insertIdempotencyKey' | 'deleteIdempotencyKey'
>;

export function idempotencyOperations(db: Kysely<Database>): IdempotencyOperations {
  const keyed = (tenantId: string, callerScope: string, key: string) =>
    ({ tenant_id: tenantId, caller_scope: callerScope, idempotency_key: key }) as const;

  return {
    async findIdempotencyKey(tenantId, callerScope, key) {
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'token_id', 'created_at'])
        .where((eb) => eb.and(keyed(tenantId, callerScope, key)))
        .executeTakeFirst();
      return row === undefined
        ? null
        : { requestHash: row.request_hash, tokenId: row.token_id, createdAtMs: toNumber(row.created_at) };
    },

    async insertIdempotencyKey(tenantId, callerScope, key, record) {
      const result = await db
        .insertInto('idempotency_keys')
        .values({
          ...keyed(tenantId, callerScope, key),
          request_hash: record.requestHash,
          token_id: record.tokenId,
          created_at: record.createdAtMs,
        })
        // A concurrent create with the same key inserted first: it won, this one inserts nothing.
        .onConflict((conflict) =>
          conflict.columns(['tenant_id', 'caller_scope', 'idempotency_key']).doNothing(),
        )
        .executeTakeFirst();
      return changedOneRow(result);
    },

    async deleteIdempotencyKey(tenantId, callerScope, key) {
      await db
        .deleteFrom('idempotency_keys')
        .where((eb) => eb.and(keyed(tenantId, callerScope, key)))
        .execute();
    },
  };
}
