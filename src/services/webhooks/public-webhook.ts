// The webhook and delivery objects as the API answers them (and the ping carries): never a secret.
import { formatNullableTimestamp, formatTimestamp } from '../../core/time.js';
import type { DeliveryRecord, WebhookRecord } from '../../store/store.js';

export function toPublicWebhook(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    tenant_id: webhook.tenantId,
    url: webhook.url,
    description: webhook.description,
    events: webhook.events,
    is_active: webhook.isActive,
    disabled_reason: webhook.disabledReason,
    previous_secret_expires_at: formatNullableTimestamp(webhook.previousSecretExpiresAtMs),
    created_at: formatTimestamp(webhook.createdAtMs),
    updated_at: formatTimestamp(webhook.updatedAtMs),
  };
}

export function toPublicDelivery(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    next_attempt_at: delivery.status === 'pending' ? formatTimestamp(delivery.nextAttemptAtMs) : null,
    created_at: formatTimestamp(delivery.createdAtMs),
    attempts: delivery.attempts.map((attempt) => ({
      at: formatTimestamp(attempt.atMs),
      status: attempt.status,
      duration_ms: attempt.durationMs,
      error: attempt.error,
    })),
  };
}
