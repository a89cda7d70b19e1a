// Audit events: built here, written by the caller in the same transaction as the change they record.
import type { AuditEventRecord, AuditFilters, Page, StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin } from './actor.js';
import type { Deps, RequestContext } from './deps.js';
import { newEventId } from './ids.js';

export interface AuditSubject {
  readonly tenantId: string;
  readonly action: string;
  readonly targetType: 'token' | 'member' | 'tenant' | 'role' | 'space' | 'webhook';
  readonly targetId: string;
  /** Non-secret facts only: names, changed field names. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export function auditEvent(
  deps: Pick<Deps, 'random'>,
  nowMs: number,
  actor: Actor | null,
  context: RequestContext,
  subject: AuditSubject,
): AuditEventRecord {
  return {
    id: newEventId(deps.random, nowMs),
    tenantId: subject.tenantId,
    actorTokenId: actor?.token.id ?? null,
    actorMemberId: actor?.memberId ?? null,
    action: subject.action,
    targetType: subject.targetType,
    targetId: subject.targetId,
    occurredAtMs: nowMs,
    clientIp: context.clientIp,
    requestId: context.requestId,
    // A change made through a vendor dialect says so: it is a native change all the same.
    details: context.via === undefined ? (subject.details ?? null) : { ...subject.details, via: context.via },
  };
}

export const SYSTEM_CONTEXT: RequestContext = { clientIp: null, requestId: null };

/** Writes, in the caller's transaction, the event of a change an actor made in its own tenant. */
export function recordChange(
  deps: Pick<Deps, 'random'>,
  tx: Pick<StoreOperations, 'insertAuditEvent'>,
  actor: Actor,
  nowMs: number,
  subject: Omit<AuditSubject, 'tenantId'>,
): Promise<void> {
  return tx.insertAuditEvent(
    auditEvent(deps, nowMs, actor, actor.context, { ...subject, tenantId: actor.tenantId }),
  );
}

/** The tenant's audit trail, newest first: admins and owners only. */
export function listAuditEvents(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  paging: { readonly limit: number; readonly offset: number },
  filters: AuditFilters = {},
): Promise<Page<AuditEventRecord>> {
  requireAdmin(actor, 'audit:read');
  return deps.store.listAuditEvents(actor.tenantId, paging.limit, paging.offset, filters);
}
