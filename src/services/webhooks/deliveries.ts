// An endpoint's delivery log, a manual retry, and the test ping: what an admin uses to see whether
// an endpoint hears Tessera, and to make it hear again.
import { TesseraError } from '../../core/errors.js';
import { deliveryIdOf } from '../../core/events.js';
import type { DeliveryRecord, Page } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordChange } from '../audit.js';
import type { Deps } from '../deps.js';
import { newEventId } from '../ids.js';
import { getWebhook } from './manage.js';
import { toPublicWebhook } from './public-webhook.js';

/** The event type of a test ping: sent to one endpoint on request, never subscribed to. */
export const PING_EVENT_TYPE = 'webhook.ping';

export async function listDeliveries(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  webhookId: string,
  paging: { readonly limit: number; readonly offset: number },
): Promise<Page<DeliveryRecord>> {
  await getWebhook(deps, actor, webhookId);
  return deps.store.listDeliveries(actor.tenantId, webhookId, paging.limit, paging.offset);
}

export async function retryDelivery(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryRecord> {
  const webhook = await getWebhook(deps, actor, webhookId);
  if (!webhook.isActive) throw new TesseraError('conflict', 'the webhook is disabled; switch it on first');
  return deps.store.transaction(async (tx) => {
    const nowMs = deps.clock.nowMs();
    const retried = await tx.retryDelivery(actor.tenantId, webhookId, deliveryId, nowMs);
    if (retried === null) throw new TesseraError('not_found', 'no such delivery');
    await recordChange(deps, tx, actor, nowMs, {
      action: 'webhook.retry_delivery',
      targetType: 'webhook',
      targetId: webhookId,
      details: { delivery_id: deliveryId },
    });
    return retried;
  });
}

/** Queues a `webhook.ping` for this endpoint only; answers its delivery, pending. */
export async function pingWebhook(deps: Deps, actor: Actor, webhookId: string): Promise<DeliveryRecord> {
  const webhook = await getWebhook(deps, actor, webhookId);
  const nowMs = deps.clock.nowMs();
  const eventId = newEventId(deps.random, nowMs);
  await deps.store.insertPing(
    {
      id: eventId,
      tenantId: actor.tenantId,
      type: PING_EVENT_TYPE,
      subjectId: webhook.id,
      occurredAtMs: nowMs,
      data: { webhook: toPublicWebhook(webhook) },
    },
    webhook.id,
  );
  return (await deps.store.findDelivery(actor.tenantId, webhook.id, deliveryIdOf(webhook.id, eventId)))!;
}
