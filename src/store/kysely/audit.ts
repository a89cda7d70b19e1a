// The audit aggregate: events appended, and listed newest first.
import type { Kysely, Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../schema.js';
import type { AuditEventRecord, StoreOperations } from '../store.js';
import { pageOf } from './paging.js';
import { parseJson, toJson, toNumber } from './values.js';

export type AuditOperations = Pick<StoreOperations, 'insertAuditEvent' | 'listAuditEvents'>;

function auditEventFromRow(row: Selectable<AuditEventsTable>): AuditEventRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actorTokenId: row.actor_token_id,
    actorMemberId: row.actor_member_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    occurredAtMs: toNumber(row.occurred_at),
    clientIp: row.client_ip,
    requestId: row.request_id,
    details: parseJson<Record<string, unknown>>(row.details),
  };
}

export function auditOperations(db: Kysely<Database>): AuditOperations {
  return {
    async insertAuditEvent(event) {
      await db
        .insertInto('audit_events')
        .values({
          id: event.id,
          tenant_id: event.tenantId,
          actor_token_id: event.actorTokenId,
          actor_member_id: event.actorMemberId,
          action: event.action,
          target_type: event.targetType,
          target_id: event.targetId,
          occurred_at: event.occurredAtMs,
          client_ip: event.clientIp,
          request_id: event.requestId,
          details: toJson(event.details),
        })
        .execute();
    },

    listAuditEvents: (tenantId, limit, offset, filters = {}, keyset = {}) => {
      let selection = db.selectFrom('audit_events').where('tenant_id', '=', tenantId);
      if (filters.action !== undefined) selection = selection.where('action', '=', filters.action);
      if (filters.targetId !== undefined) selection = selection.where('target_id', '=', filters.targetId);
      if (filters.actorTokenId !== undefined)
        selection = selection.where('actor_token_id', '=', filters.actorTokenId);
      if (filters.sinceMs !== undefined) selection = selection.where('occurred_at', '>=', filters.sinceMs);
      if (filters.untilMs !== undefined) selection = selection.where('occurred_at', '<', filters.untilMs);
      return pageOf(
        selection,
        // Ids are time-ordered, so id order is time order, and an id alone is a keyset position.
        (selection) => {
          const rows = selection.selectAll();
          const { beforeId } = keyset;
          return (beforeId === undefined ? rows : rows.where('id', '<', beforeId)).orderBy('id', 'desc');
        },
        { limit, offset, knownTotal: keyset.knownTotal },
        auditEventFromRow,
      );
    },
  };
}
