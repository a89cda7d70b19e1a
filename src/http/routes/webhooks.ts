// /v1/webhooks: add, list, read, change and delete endpoints, rotate the signing secret, send a test
// ping. Answers that carry a signing secret are Cache-Control: no-store.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../services/deps.js';
import { pingWebhook } from '../../services/webhooks/deliveries.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookWithSecret,
} from '../../services/webhooks/manage.js';
import { toPublicDelivery, toPublicWebhook } from '../../services/webhooks/public-webhook.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, noContent, problems, ref } from '../schemas.js';
import {
  CreateWebhookRequestSchema,
  DeliverySchema,
  RotateWebhookSecretRequestSchema,
  UpdateWebhookRequestSchema,
  WebhookListSchema,
  WebhookParams,
  WebhookSchema,
  WebhookWithSecretSchema,
} from '../wire/webhooks.js';

const NEEDS_READ = 'Needs webhooks:read (admins and owners). An endpoint of another tenant is a 404.';
const NEEDS_WRITE = 'Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.';

const withSigningSecret = (created: WebhookWithSecret) => ({
  webhook: toPublicWebhook(created.webhook),
  secret: created.secret,
});

interface WebhookBody {
  url?: string;
  events?: string[];
  description?: string | null;
  is_active?: boolean;
}

export function registerWebhookRoutes(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'createWebhook',
        summary: 'Add a webhook endpoint; its signing secret is shown this once',
        description:
          'Lifecycle events of the tenant (docs/events.md) are POSTed to `url`, signed per the Standard Webhooks specification with the returned secret (Cache-Control: no-store; Tessera keeps it only encrypted). ' +
          NEEDS_WRITE,
        body: ref(CreateWebhookRequestSchema),
        response: {
          201: answer(WebhookWithSecretSchema, 'Added: the endpoint and its signing secret'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Required<Pick<WebhookBody, 'url' | 'events'>> & WebhookBody;
      const created = await createWebhook(deps, actorOf(request), {
        url: body.url,
        events: body.events,
        description: body.description,
      });
      return reply.status(201).header('cache-control', 'no-store').send(withSigningSecret(created));
    },
  );

  registerOffsetListRoute(app, {
    path: '/v1/webhooks',
    tag: 'webhooks',
    docs: {
      operationId: 'listWebhooks',
      summary: "List the tenant's webhook endpoints",
      description: `Newest first; paged by page + per_page or limit + offset. ${NEEDS_READ}`,
    },
    listSchema: WebhookListSchema,
    list: (actor, paging) => listWebhooks(deps, actor, paging),
    toWire: toPublicWebhook,
  });

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'getWebhook',
        summary: 'Read one webhook endpoint',
        description: NEEDS_READ,
        params: WebhookParams,
        response: { 200: answer(WebhookSchema, 'Found'), ...problems(...AUTHENTICATED_PROBLEMS, 404) },
      },
    },
    async (request) =>
      toPublicWebhook(await getWebhook(deps, actorOf(request), (request.params as { id: string }).id)),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint',
        description: `Changes its url, events or description, or switches it off or on (\`is_active\`; on again after it was disabled for failing). ${NEEDS_WRITE}`,
        params: WebhookParams,
        body: ref(UpdateWebhookRequestSchema),
        response: {
          200: answer(WebhookSchema, 'Changed: the endpoint as it is now'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404),
        },
      },
    },
    async (request) => {
      const body = request.body as WebhookBody;
      return toPublicWebhook(
        await updateWebhook(deps, actorOf(request), (request.params as { id: string }).id, {
          url: body.url,
          events: body.events,
          description: body.description,
          isActive: body.is_active,
        }),
      );
    },
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook endpoint',
        description: `Nothing more is delivered to it; its delivery log goes with it. ${NEEDS_WRITE}`,
        params: WebhookParams,
        response: { 204: noContent('Deleted'), ...problems(...AUTHENTICATED_PROBLEMS, 404) },
      },
    },
    async (request, reply) => {
      await deleteWebhook(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'rotateWebhookSecret',
        summary: "Rotate a webhook endpoint's signing secret; the new one is shown this once",
        description:
          'The old secret keeps signing beside the new one for `grace_seconds` (default 24 h): `webhook-signature` then carries two `v1,` values, so receivers can switch without missing a delivery. ' +
          NEEDS_WRITE,
        params: WebhookParams,
        // A missing body reaches the validator as null: the default grace applies.
        body: Type.Union([ref(RotateWebhookSecretRequestSchema), Type.Null()]),
        response: {
          200: answer(WebhookWithSecretSchema, 'Rotated: the endpoint and its new signing secret'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { grace_seconds?: number } | null;
      const rotated = await rotateWebhookSecret(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        body?.grace_seconds,
      );
      return reply.header('cache-control', 'no-store').send(withSigningSecret(rotated));
    },
  );

  app.post(
    '/v1/webhooks/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'testWebhook',
        summary: 'Send a test ping to a webhook endpoint',
        description: `Queues a \`webhook.ping\` event for this endpoint alone (signed like every delivery) and answers its delivery; follow it in the delivery log. ${NEEDS_WRITE}`,
        params: WebhookParams,
        response: {
          202: answer(DeliverySchema, 'Queued: the ping’s delivery, pending'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request, reply) => {
      const delivery = await pingWebhook(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.status(202).send(toPublicDelivery(delivery));
    },
  );
}
