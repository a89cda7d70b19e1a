// GET /v1/audit-events: who did what to which object, when and from where (admins and owners).
import type { FastifyInstance } from 'fastify';
import { formatTimestamp } from '../../core/time.js';
import { listAuditEvents } from '../../services/audit.js';
import type { Deps } from '../../services/deps.js';
import type { AuditEventRecord } from '../../store/store.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { AuditEventListSchema } from '../wire/audit.js';

function publicEvent(event: AuditEventRecord) {
  return {
    id: event.id,
    tenant_id: event.tenantId,
    actor_token_id: event.actorTokenId,
    actor_member_id: event.actorMemberId,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    occurred_at: formatTimestamp(event.occurredAtMs),
    client_ip: event.clientIp,
    request_id: event.requestId,
    details: event.details,
  };
}

export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/audit-events',
    tag: 'audit',
    docs: {
      operationId: 'listAuditEvents',
      summary: "Read the tenant's audit trail",
      description:
        'Every change (and refused attempt) in the tenant, newest first: who did what to which object, when and from where. ' +
        'Needs audit:read (admins and owners). Paged by page + per_page or limit + offset.',
    },
    listSchema: AuditEventListSchema,
    list: (actor, paging) => listAuditEvents(deps, actor, paging),
    toWire: publicEvent,
  });
}
