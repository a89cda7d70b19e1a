// The outbox aggregate: events appended with the change they announce, each fanned out at once to a
// pending delivery per subscribed webhook (so fan-out is exactly once, whatever instance wrote it).
import type { Kysely } from 'kysely';
import { deliveryIdOf, subscribesTo } from '../../core/events.js';
import type { Database } from '../schema.js';
import type { OutboxEventRecord, StoreOperations } from '../store.js';
import { toNumber } from './values.js';

export type EventOperations = Pick<StoreOperations, 'insertEvents'>;

/** Appends one event and queues its deliveries; shared by the outbox and the test ping. */
export async function appendEvent(
  db: Kysely<Database>,
  event: Omit<OutboxEventRecord, 'type'> & { readonly type: string },
  webhookIds: readonly string[],
): Promise<void> {
  const { seq } = await db
    .insertInto('events')
    .values({
      id: event.id,
      tenant_id: event.tenantId,
      type: event.type,
      subject_id: event.subjectId,
      occurred_at: event.occurredAtMs,
      data: JSON.stringify(event.data),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (webhookIds.length === 0) return;
  await db
    .insertInto('deliveries')
    .values(
      webhookIds.map((webhookId) => ({
        id: deliveryIdOf(webhookId, event.id),
        tenant_id: event.tenantId,
        webhook_id: webhookId,
        event_seq: toNumber(seq),
        event_id: event.id,
        event_type: event.type,
        subject_id: event.subjectId,
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: event.occurredAtMs,
        claimed_at: null,
        claim_id: null,
        created_at: event.occurredAtMs,
        updated_at: event.occurredAtMs,
      })),
    )
    .execute();
}

export function eventOperations(db: Kysely<Database>): EventOperations {
  return {
    async insertEvents(events) {
      // One read of each tenant's active webhooks per batch: most changes have none subscribed.
      const subscribers = new Map<string, readonly { id: string; events: readonly string[] }[]>();
      for (const tenantId of new Set(events.map((event) => event.tenantId))) {
        const rows = await db
          .selectFrom('webhooks')
          .select(['id', 'events'])
          .where('tenant_id', '=', tenantId)
          .where('is_active', '=', 1)
          .orderBy('id')
          .execute();
        subscribers.set(
          tenantId,
          rows.map((row) => ({ id: row.id, events: JSON.parse(row.events) as string[] })),
        );
      }
      for (const event of events) {
        const webhookIds = (subscribers.get(event.tenantId) ?? [])
          .filter((webhook) => subscribesTo(webhook.events, event.type))
          .map((webhook) => webhook.id);
        await appendEvent(db, event, webhookIds);
      }
    },
  };
}
