// The delivery aggregate: one row per (webhook, event) with its attempts; claimed by dispatchers in
// per-subject order, and the once-only expiry notices the scheduler takes before it writes an event.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, DeliveriesTable, DeliveryAttemptsTable } from '../schema.js';
import type {
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  StoreOperations,
} from '../store.js';
import type { DialectOperations } from './operations.js';
import { pageOf } from './paging.js';
import { changedOneRow, toNullableNumber, toNumber } from './values.js';
import { webhookFromRow } from './webhooks.js';

export type DeliveryOperations = Pick<
  StoreOperations,
  | 'listDeliveries'
  | 'findDelivery'
  | 'retryDelivery'
  | 'hasDueDeliveries'
  | 'claimDeliveries'
  | 'recordAttempt'
  | 'findExpiryCandidates'
  | 'claimExpiryNotice'
>;

function attemptFromRow(row: Selectable<DeliveryAttemptsTable>): DeliveryAttemptRecord {
  return {
    atMs: toNumber(row.at),
    status: toNullableNumber(row.status),
    durationMs: toNumber(row.duration_ms),
    error: row.error,
  };
}

function deliveryFromRow(
  row: Selectable<DeliveriesTable>,
  attempts: readonly DeliveryAttemptRecord[],
): DeliveryRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    subjectId: row.subject_id,
    status: row.status as DeliveryStatus,
    attemptCount: toNumber(row.attempt_count),
    nextAttemptAtMs: toNumber(row.next_attempt_at),
    createdAtMs: toNumber(row.created_at),
    attempts,
  };
}

export function deliveryOperations(
  db: Kysely<Database>,
  skipLocked: DialectOperations['skipLocked'],
): DeliveryOperations {
  /** The deliveries of these rows with their attempts, oldest attempt first. */
  async function withAttempts(rows: readonly Selectable<DeliveriesTable>[]): Promise<DeliveryRecord[]> {
    if (rows.length === 0) return [];
    const attempts = await db
      .selectFrom('delivery_attempts')
      .selectAll()
      .where(
        'delivery_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('attempt')
      .execute();
    // The attempts are read after the rows: one recorded in between is left out, so a delivery never
    // shows an attempt its own status and schedule do not account for yet.
    return rows.map((row) =>
      deliveryFromRow(
        row,
        attempts
          .filter(
            (attempt) =>
              attempt.delivery_id === row.id && toNumber(attempt.attempt) <= toNumber(row.attempt_count),
          )
          .map(attemptFromRow),
      ),
    );
  }

  /** Pending, due, and not held by a live claim: what a dispatcher may take (over deliveries_due). */
  const dueDeliveries = (nowMs: number, staleBeforeMs: number) =>
    db
      .selectFrom('deliveries as d')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', nowMs)
      .where((eb) => eb.or([eb('d.claimed_at', 'is', null), eb('d.claimed_at', '<', staleBeforeMs)]));

  const ofWebhook = (tenantId: string, webhookId: string) =>
    db.selectFrom('deliveries').where('tenant_id', '=', tenantId).where('webhook_id', '=', webhookId);

  async function findDelivery(tenantId: string, webhookId: string, deliveryId: string) {
    const row = await ofWebhook(tenantId, webhookId)
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    return row === undefined ? null : ((await withAttempts([row]))[0] ?? null);
  }

  return {
    async listDeliveries(tenantId, webhookId, limit, offset) {
      const page = await pageOf(
        ofWebhook(tenantId, webhookId),
        // Newest first: the outbox sequence is the order events were written in.
        (selection) => selection.selectAll().orderBy('event_seq', 'desc').orderBy('id', 'desc'),
        { limit, offset },
        (row) => row,
      );
      return { items: await withAttempts(page.items), totalItems: page.totalItems };
    },

    findDelivery,

    async retryDelivery(tenantId, webhookId, deliveryId, nowMs) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: nowMs, updated_at: nowMs })
        .where('tenant_id', '=', tenantId)
        .where('webhook_id', '=', webhookId)
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      if (!changedOneRow(result)) return null;
      return findDelivery(tenantId, webhookId, deliveryId);
    },

    async hasDueDeliveries(nowMs, staleBeforeMs) {
      const row = await dueDeliveries(nowMs, staleBeforeMs).select('d.id').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    async claimDeliveries(nowMs, staleBeforeMs, limit, claimId) {
      const due = await skipLocked(
        dueDeliveries(nowMs, staleBeforeMs)
          .selectAll()
          .where('d.webhook_id', 'in', (eb) =>
            eb.selectFrom('webhooks').select('id').where('is_active', '=', 1),
          )
          // In order per (webhook, subject): nothing is sent while an earlier one is still pending.
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('deliveries as earlier')
                  .select(sql.lit(1).as('one'))
                  .whereRef('earlier.webhook_id', '=', 'd.webhook_id')
                  .whereRef('earlier.subject_id', '=', 'd.subject_id')
                  .whereRef('earlier.event_seq', '<', 'd.event_seq')
                  .where('earlier.status', '=', 'pending'),
              ),
            ),
          )
          .orderBy('d.event_seq')
          .limit(limit),
      ).execute();
      if (due.length === 0) return [];
      const ids = due.map((row) => row.id);
      await db
        .updateTable('deliveries')
        .set({ claimed_at: nowMs, claim_id: claimId })
        .where('id', 'in', ids)
        .execute();
      const [events, webhooks, deliveries] = await Promise.all([
        db
          .selectFrom('events')
          .select(['id', 'type', 'occurred_at', 'data'])
          .where(
            'id',
            'in',
            due.map((row) => row.event_id),
          )
          .execute(),
        db
          .selectFrom('webhooks')
          .selectAll()
          .where('id', 'in', [...new Set(due.map((row) => row.webhook_id))])
          .execute(),
        withAttempts(due),
      ]);
      const claimed: ClaimedDelivery[] = [];
      for (const delivery of deliveries) {
        const event = events.find((row) => row.id === delivery.eventId);
        const webhook = webhooks.find((row) => row.id === delivery.webhookId);
        if (event === undefined || webhook === undefined) continue;
        claimed.push({
          delivery,
          claimId,
          event: {
            id: event.id,
            type: event.type,
            occurredAtMs: toNumber(event.occurred_at),
            dataJson: event.data,
          },
          webhook: webhookFromRow(webhook),
        });
      }
      return claimed;
    },

    async recordAttempt(deliveryId, claimId, outcome) {
      const updated = await db
        .updateTable('deliveries')
        .set((eb) => ({
          status: outcome.status,
          attempt_count: eb('attempt_count', '+', 1),
          next_attempt_at: outcome.nextAttemptAtMs,
          claimed_at: null,
          claim_id: null,
          updated_at: outcome.attempt.atMs,
        }))
        .where('id', '=', deliveryId)
        .where('claim_id', '=', claimId)
        .returning(['attempt_count', 'webhook_id'])
        .executeTakeFirst();
      if (updated === undefined) return false;
      await db
        .insertInto('delivery_attempts')
        .values({
          delivery_id: deliveryId,
          attempt: toNumber(updated.attempt_count),
          at: outcome.attempt.atMs,
          status: outcome.attempt.status,
          duration_ms: outcome.attempt.durationMs,
          error: outcome.attempt.error,
        })
        .execute();
      if (outcome.status === 'delivered') {
        await db
          .updateTable('webhooks')
          .set({ failed_in_a_row: 0 })
          .where('id', '=', updated.webhook_id)
          .where('failed_in_a_row', '>', 0)
          .execute();
      } else if (outcome.status === 'failed') {
        await db
          .updateTable('webhooks')
          .set((eb) => ({ failed_in_a_row: eb('failed_in_a_row', '+', 1) }))
          .where('id', '=', updated.webhook_id)
          .execute();
        await db
          .updateTable('webhooks')
          .set({ is_active: 0, disabled_reason: 'failing', updated_at: outcome.attempt.atMs })
          .where('id', '=', updated.webhook_id)
          .where('is_active', '=', 1)
          .where('failed_in_a_row', '>=', outcome.disableAfterFailures)
          .execute();
      }
      return true;
    },

    async findExpiryCandidates(nowMs, leads, expiredSinceMs, limit) {
      const found = [];
      for (const leadSeconds of leads) {
        let query = db
          .selectFrom('tokens as t')
          .select(['t.id', 't.tenant_id'])
          .where('t.revoked_at', 'is', null)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('expiry_notices as n')
                  .select(sql.lit(1).as('one'))
                  .whereRef('n.token_id', '=', 't.id')
                  .where('n.lead_seconds', '=', leadSeconds),
              ),
            ),
          );
        // The range over the indexed expires_at: a lead's window, or the recently expired.
        query =
          leadSeconds === 0
            ? query.where('t.expires_at', '<=', nowMs).where('t.expires_at', '>', expiredSinceMs)
            : query.where('t.expires_at', '>', nowMs).where('t.expires_at', '<=', nowMs + leadSeconds * 1000);
        const rows = await query.orderBy('t.expires_at').limit(limit).execute();
        for (const row of rows) found.push({ tenantId: row.tenant_id, tokenId: row.id, leadSeconds });
      }
      return found;
    },

    async claimExpiryNotice(tokenId, leadSeconds, nowMs) {
      const result = await db
        .insertInto('expiry_notices')
        .values({ token_id: tokenId, lead_seconds: leadSeconds, noticed_at: nowMs })
        .onConflict((conflict) => conflict.columns(['token_id', 'lead_seconds']).doNothing())
        .executeTakeFirst();
      return changedOneRow(result);
    },
  };
}
