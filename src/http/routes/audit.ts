// GET /v1/audit-events: who did what to which object, when and from where (admins and owners), paged
// or exported whole as NDJSON.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../core/errors.js';
import { formatTimestamp } from '../../core/time.js';
import { exportAuditEvents, listAuditEvents } from '../../services/audit.js';
import type { Deps } from '../../services/deps.js';
import type { AuditEventRecord, AuditFilters } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { CursorPagingQuery, listAnswer, type PagingParams, resolvePaging } from '../pagination.js';
import { InstantQuery, queryInstant } from '../query-instant.js';
import { AUTHENTICATED_PROBLEMS, answer, problems, ref } from '../schemas.js';
import { AuditEventListSchema, AuditEventSchema } from '../wire/audit.js';

const NDJSON = 'application/x-ndjson';

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

const AuditQuery = Type.Object({ ...CursorPagingQuery, ...AUDIT_FILTERS }, { additionalProperties: false });
const AuditExportQuery = Type.Object(AUDIT_FILTERS, { additionalProperties: false });

export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/v1/audit-events',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listAuditEvents',
        summary: "Read the tenant's audit trail",
        description:
          'Every change (and refused attempt) in the tenant, newest first: who did what to which object, when and from where. ' +
          'Needs audit:read (admins and owners). Filters: action, target_id, actor_token_id, since, until (RFC 3339). ' +
          'Paged by page + per_page, limit + offset, or limit + cursor (next_cursor; the fastest way through a long trail). ' +
          'A valid token refused (403) leaves one access_denied event a minute.',
        querystring: AuditQuery,
        response: {
          200: answer(AuditEventListSchema, 'One page of the list; Link headers point to the others'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as PagingParams & Record<string, unknown>;
      const paging = resolvePaging(query);
      const page = await listAuditEvents(deps, actorOf(request), paging, auditFiltersOf(query));
      return listAnswer(request, reply, paging, page, publicEvent);
    },
  );

  app.get(
    '/v1/audit-events/export',
    {
      schema: {
        tags: ['audit'],
        operationId: 'exportAuditEvents',
        summary: "Stream the tenant's whole audit trail as NDJSON",
        description:
          'Every event the filters select (the same as listAuditEvents), newest first, one JSON object per line (application/x-ndjson), streamed: ' +
          'for a SIEM or an archive. Needs audit:read. `since` exports only what is new since the last run.',
        querystring: AuditExportQuery,
        response: {
          200: {
            description: 'Newline-delimited JSON: each line is one AuditEvent',
            content: { [NDJSON]: { schema: ref(AuditEventSchema) } },
          },
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const filters = auditFiltersOf(request.query as Record<string, unknown>);
      const events = exportAuditEvents(deps, actorOf(request), filters);
      // The first batch is read before answering, so a refusal (403) is a problem, not a broken stream.
      const first = await events.next();
      async function* lines() {
        if (first.done === true) return;
        yield `${JSON.stringify(publicEvent(first.value))}\n`;
        for await (const event of events) yield `${JSON.stringify(publicEvent(event))}\n`;
      }
      reply.header('content-type', `${NDJSON}; charset=utf-8`);
      reply.header('cache-control', 'no-store');
      return reply.send(Readable.from(lines()));
    },
  );
}
