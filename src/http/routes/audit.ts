// GET /v1/audit-events: who did what to which object, when and from where (admins and owners).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { formatTimestamp } from '../../core/time.js';
import { listAuditEvents } from '../../services/audit.js';
import type { Deps } from '../../services/deps.js';
import type { AuditEventRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { listAnswer, type PagingParams, PagingQuery, resolveOffsetPaging } from '../pagination.js';
import { AuditEventSchema, authErrors, listOf } from '../schemas.js';

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
  app.get(
    '/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: "The tenant's audit trail, newest first",
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(AuditEventSchema), ...authErrors },
      },
    },
    async (request, reply) => {
      const paging = resolveOffsetPaging(request.query as PagingParams);
      const page = await listAuditEvents(deps, actorOf(request), paging);
      return listAnswer(request, reply, paging, page, publicEvent);
    },
  );
}
