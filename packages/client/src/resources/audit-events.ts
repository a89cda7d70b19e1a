// tessera.auditEvents: who did what to which object, when, and from where.
import type { AuditEvent, ListAuditEventsQuery } from '../generated/openapi.js';
import type { PagePromise } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { Resource } from './resource.js';

export class AuditEvents extends Resource {
  /** The tenant's audit trail, newest first; awaited one page, iterated every event. */
  list(
    query: ListAuditEventsQuery = {},
    options?: RequestOptions,
  ): PagePromise<AuditEvent, ListAuditEventsQuery> {
    return this.paged('/v1/audit-events', query, { options });
  }
}
