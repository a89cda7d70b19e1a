// GET /v1/audit-events: who did what to which object, when and from where (admins and owners).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../core/errors.js';
import { formatTimestamp } from '../../core/time.js';
import { listAuditEvents } from '../../services/audit.js';
import type { Deps } from '../../services/deps.js';
import type { AuditEventRecord, AuditFilters } from '../../store/store.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { InstantQuery, queryInstant } from '../query-instant.js';
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

const AUDIT_FILTERS = {
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'only events of this action, e.g. token.revoke or access_denied',
    }),
  ),
  target_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'only events about this object (its id or key)',
    }),
  ),
  actor_token_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'only events this token caused' }),
  ),
  since: InstantQuery('only events at or after this instant'),
  until: InstantQuery('only events before this instant'),
};

function auditFiltersOf(query: Readonly<Record<string, unknown>>): AuditFilters {
  const sinceMs = queryInstant('since', query.since);
  const untilMs = queryInstant('until', query.until);
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs)
    throw new TesseraError('invalid_query', 'since is after until');
  return {
    action: query.action as string | undefined,
    targetId: query.target_id as string | undefined,
    actorTokenId: query.actor_token_id as string | undefined,
    sinceMs,
    untilMs,
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
        'Needs audit:read (admins and owners). Filters: action, target_id, actor_token_id, since, until (RFC 3339). ' +
        'Paged by page + per_page or limit + offset. A valid token refused (403) leaves one access_denied event a minute.',
    },
    listSchema: AuditEventListSchema,
    filters: AUDIT_FILTERS,
    list: (actor, paging, _params, query) => listAuditEvents(deps, actor, paging, auditFiltersOf(query)),
    toWire: publicEvent,
  });
}
