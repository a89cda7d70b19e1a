// Audit events: built here, written by the caller in the same transaction as the change they record.
import { decodeCursor, encodeCursor, listingFingerprint } from '../core/cursor.js';
import { TesseraError } from '../core/errors.js';
import type { AuditEventRecord, AuditFilters, AuditKeyset, Page, StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin } from './actor.js';
import type { Deps, RequestContext } from './deps.js';
import { newEventId } from './ids.js';
import type { TokenPaging } from './tokens/list.js';

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
export interface AuditPage extends Page<AuditEventRecord> {
  /** Where the next page starts, in any paging style; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * One page of the tenant's trail, newest first, by page, offset or cursor. A cursor is the id of the
 * last event shown (ids are time-ordered), signed and bound to the tenant and filters, carrying the
 * total the walk began with: a long trail is walked without counting it on every page.
 */
export async function listAuditEvents(
  deps: Pick<Deps, 'store' | 'keys'>,
  actor: Actor,
  paging: TokenPaging,
  filters: AuditFilters = {},
): Promise<AuditPage> {
  requireAdmin(actor, 'audit:read');
  const fingerprint = listingFingerprint({ audit: actor.tenantId, filters });
  let keyset: AuditKeyset = {};
  let offset = 0;
  if (paging.style === 'cursor') {
    const decoded = decodeCursor(deps.keys.current.key, paging.cursor, fingerprint);
    if (decoded === null || typeof decoded.position.value !== 'string')
      throw new TesseraError('invalid_query', 'the cursor is not one this listing gave out');
    keyset = { beforeId: decoded.position.id, knownTotal: decoded.totalItems ?? undefined };
  } else offset = paging.offset;
  // One row more than asked tells whether a next page exists without a second query.
  const page = await deps.store.listAuditEvents(actor.tenantId, paging.limit + 1, offset, filters, keyset);
  const items = page.items.slice(0, paging.limit);
  const last = items[items.length - 1];
  return {
    items,
    totalItems: page.totalItems,
    nextCursor:
      page.items.length > paging.limit && last !== undefined
        ? encodeCursor(deps.keys.current.key, { value: last.id, id: last.id }, fingerprint, page.totalItems)
        : null,
  };
}

const EXPORT_BATCH = 500;

/**
 * Every event of the tenant's trail the filters select, newest first, read in keyset batches so an
 * export of millions holds one batch in memory (GET /v1/audit-events/export).
 */
export async function* exportAuditEvents(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  filters: AuditFilters = {},
): AsyncGenerator<AuditEventRecord> {
  requireAdmin(actor, 'audit:read');
  let beforeId: string | undefined;
  for (;;) {
    // knownTotal: the walk needs rows, not a count of them.
    const batch = await deps.store.listAuditEvents(actor.tenantId, EXPORT_BATCH, 0, filters, {
      beforeId,
      knownTotal: 0,
    });
    yield* batch.items;
    const last = batch.items[batch.items.length - 1];
    if (last === undefined || batch.items.length < EXPORT_BATCH) return;
    beforeId = last.id;
  }
}
