// The webhook's wire: the endpoint object and its list, the bodies that add, change and rotate one,
// the answer that carries its signing secret (shown once), and the delivery log.
import { Type } from 'typebox';
import { ALL_EVENTS, EVENT_TYPES } from '../../core/events.js';
import { DESCRIPTION_MAX_LENGTH } from '../../core/token-fields.js';
import { MAX_SECRET_GRACE_SECONDS, WEBHOOK_URL_MAX_LENGTH } from '../../services/webhooks/manage.js';
import { idParams, listOf, Nullable, named, ref, StringEnum, Timestamp } from '../schemas.js';

const EVENT_NAMES = [...EVENT_TYPES, ALL_EVENTS] as const;

const MEANING = {
  url: 'where deliveries are POSTed: http or https; its host must resolve to public addresses unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true',
  events: 'the event types the endpoint receives, or ["*"] for every one',
  description: 'free text about the endpoint',
} as const;

const urlField = Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX_LENGTH, description: MEANING.url });
const eventsField = Type.Array(StringEnum(EVENT_NAMES), {
  minItems: 1,
  maxItems: EVENT_NAMES.length,
  description: MEANING.events,
});
const descriptionField = Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: MEANING.description });

export const WebhookParams = idParams('the webhook id, `whk_…`');
export const DeliveryParams = Type.Object({
  id: Type.String({ description: 'the webhook id, `whk_…`' }),
  delivery_id: Type.String({ description: 'the delivery id, `dlv_…`' }),
});

export const WebhookSchema = named(
  'Webhook',
  'A webhook endpoint: where lifecycle events of the tenant are delivered. Its signing secret is never part of it.',
  Type.Object({
    id: Type.String({ description: 'the webhook id: `whk_` + 22 base62 characters' }),
    tenant_id: Type.String({ description: 'the tenant whose events it receives' }),
    url: Type.String({ description: MEANING.url }),
    description: Nullable(Type.String({ description: `${MEANING.description}, or null` })),
    events: Type.Array(Type.String(), { description: MEANING.events }),
    is_active: Type.Boolean({ description: 'false: nothing is delivered to it (switched off, or failing)' }),
    disabled_reason: Nullable(
      Type.String({ description: '`failing` when its last 100 events all failed; null otherwise' }),
    ),
    previous_secret_expires_at: Nullable(
      Timestamp('until when the rotated-out signing secret still signs beside the new one; null: none does'),
    ),
    created_at: Timestamp('when the endpoint was added'),
    updated_at: Timestamp('when the endpoint last changed'),
  }),
);

export const WebhookListSchema = listOf(
  'WebhookList',
  "A page of the tenant's webhook endpoints.",
  WebhookSchema,
);

export const WebhookWithSecretSchema = named(
  'WebhookWithSecret',
  'An endpoint and its signing secret: the answer of create and rotate-secret, the only time the secret is shown.',
  Type.Object({
    webhook: ref(WebhookSchema),
    secret: Type.String({
      description: 'the signing secret, `whsec_` + base64 of 32 random bytes; HMAC key = the decoded bytes',
    }),
  }),
);

export const CreateWebhookRequestSchema = named(
  'CreateWebhookRequest',
  'An endpoint to add.',
  Type.Object(
    { url: urlField, events: eventsField, description: Type.Optional(descriptionField) },
    { additionalProperties: false },
  ),
);

export const UpdateWebhookRequestSchema = named(
  'UpdateWebhookRequest',
  'Changes to an endpoint; absent fields stay as they are.',
  Type.Object(
    {
      url: Type.Optional(urlField),
      events: Type.Optional(eventsField),
      description: Type.Optional(Nullable(descriptionField)),
      is_active: Type.Optional(
        Type.Boolean({
          description: 'false switches it off; true switches it on again (after failing, too)',
        }),
      ),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
);

export const RotateWebhookSecretRequestSchema = named(
  'RotateWebhookSecretRequest',
  'How long the old signing secret keeps signing beside the new one.',
  Type.Object(
    {
      grace_seconds: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: MAX_SECRET_GRACE_SECONDS,
          description: 'seconds the old secret still signs (default 86400; 0: it stops now)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const DeliverySchema = named(
  'Delivery',
  'One event sent (or to be sent) to one endpoint, with every attempt.',
  Type.Object({
    id: Type.String({ description: 'the delivery id, `dlv_…`' }),
    event_id: Type.String({
      description: 'the event id: the `webhook-id` header, the same on every attempt',
    }),
    event_type: Type.String({ description: 'the event type (`webhook.ping` for a test)' }),
    status: StringEnum(['pending', 'delivered', 'failed'] as const, {
      description:
        'pending: to be (re)tried; delivered: a 2xx came back; failed: retried for 24 h without one',
    }),
    next_attempt_at: Nullable(Timestamp('when it is tried next, while pending; else null')),
    created_at: Timestamp('when the event was written'),
    attempts: Type.Array(
      Type.Object({
        at: Timestamp('when the attempt started'),
        status: Nullable(Type.Integer({ description: 'the HTTP status answered; null: no answer' })),
        duration_ms: Type.Integer({ description: 'how long the attempt took' }),
        error: Nullable(Type.String({ description: 'why there was no usable answer, or null' })),
      }),
      { description: 'every attempt, oldest first' },
    ),
  }),
);

export const DeliveryListSchema = listOf(
  'DeliveryList',
  "A page of an endpoint's deliveries.",
  DeliverySchema,
);

export const WEBHOOK_WIRE = [
  WebhookSchema,
  WebhookListSchema,
  WebhookWithSecretSchema,
  CreateWebhookRequestSchema,
  UpdateWebhookRequestSchema,
  RotateWebhookSecretRequestSchema,
  DeliverySchema,
  DeliveryListSchema,
] as const;
