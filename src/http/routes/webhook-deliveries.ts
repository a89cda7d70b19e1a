// /v1/webhooks/{id}/deliveries: an endpoint's delivery log, and a manual retry of one delivery.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { listDeliveries, retryDelivery } from '../../services/webhooks/deliveries.js';
import { toPublicDelivery } from '../../services/webhooks/public-webhook.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { AUTHENTICATED_PROBLEMS, answer, problems } from '../schemas.js';
import { DeliveryListSchema, DeliveryParams, DeliverySchema, WebhookParams } from '../wire/webhooks.js';

export function registerWebhookDeliveryRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/webhooks/:id/deliveries',
    tag: 'webhooks',
    docs: {
      operationId: 'listWebhookDeliveries',
      summary: "List a webhook endpoint's deliveries",
      description:
        'Newest event first, each with every attempt (time, HTTP status, duration). Paged by page + per_page or limit + offset. Needs webhooks:read; an endpoint of another tenant is a 404.',
    },
    params: WebhookParams,
    listSchema: DeliveryListSchema,
    list: (actor, paging, params) => listDeliveries(deps, actor, params.id!, paging),
    toWire: toPublicDelivery,
  });

  app.post(
    '/v1/webhooks/:id/deliveries/:delivery_id/retry',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'retryWebhookDelivery',
        summary: 'Retry one delivery now',
        description:
          'Makes the delivery pending and due at once (a delivered or failed one too); it keeps its place in its subject’s order. Needs webhooks:write; a disabled endpoint is a 409 (switch it on first).',
        params: DeliveryParams,
        response: {
          202: answer(DeliverySchema, 'Queued: the delivery, pending'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id, delivery_id: deliveryId } = request.params as { id: string; delivery_id: string };
      return reply
        .status(202)
        .send(toPublicDelivery(await retryDelivery(deps, actorOf(request), id, deliveryId)));
    },
  );
}
