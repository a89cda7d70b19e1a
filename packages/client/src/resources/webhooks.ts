// tessera.webhooks: endpoints that receive the tenant's lifecycle events, signed per Standard Webhooks.
import type { APIPromise } from '../api-promise.js';
import type {
  CreateWebhookRequest,
  Delivery,
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  RotateWebhookSecretRequest,
  UpdateWebhookRequest,
  Webhook,
  WebhookWithSecret,
} from '../generated/openapi.js';
import type { PagePromise } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { Resource, segment } from './resource.js';

export class Webhooks extends Resource {
  /**
   * Adds an endpoint; resolves to `{webhook, secret}`, the signing secret (`whsec_…`), shown this once.
   * @example const { webhook, secret } = await tessera.webhooks.create({ url: 'https://example.com/hooks', events: ['*'] });
   */
  create(body: CreateWebhookRequest, options?: RequestOptions): APIPromise<WebhookWithSecret> {
    return this.call({ method: 'POST', path: '/v1/webhooks', body, options });
  }

  /** Lists the tenant's endpoints; awaited one page, iterated every endpoint. */
  list(query: ListWebhooksQuery = {}, options?: RequestOptions): PagePromise<Webhook, ListWebhooksQuery> {
    return this.paged('/v1/webhooks', query, { options });
  }

  /** Reads one endpoint (`whk_…`). */
  get(id: string, options?: RequestOptions): APIPromise<Webhook> {
    return this.call({ method: 'GET', path: `/v1/webhooks/${segment(id)}`, options });
  }

  /** Changes an endpoint's URL, events, description or whether it is active. */
  update(id: string, body: UpdateWebhookRequest, options?: RequestOptions): APIPromise<Webhook> {
    return this.call({ method: 'PATCH', path: `/v1/webhooks/${segment(id)}`, body, options });
  }

  /** Removes an endpoint; nothing more is sent to it. */
  remove(id: string, options?: RequestOptions): APIPromise<void> {
    return this.call({ method: 'DELETE', path: `/v1/webhooks/${segment(id)}`, options });
  }

  /** A new signing secret, shown this once; the old one keeps signing beside it during the grace. */
  rotateSecret(
    id: string,
    body: RotateWebhookSecretRequest = {},
    options?: RequestOptions,
  ): APIPromise<WebhookWithSecret> {
    return this.call({ method: 'POST', path: `/v1/webhooks/${segment(id)}/rotate-secret`, body, options });
  }

  /** Sends a signed `webhook.ping` to this endpoint alone; resolves to its delivery. */
  test(id: string, options?: RequestOptions): APIPromise<Delivery> {
    return this.call({ method: 'POST', path: `/v1/webhooks/${segment(id)}/test`, options });
  }

  /** The endpoint's deliveries, newest first, each with its attempts. */
  deliveries(
    id: string,
    query: ListWebhookDeliveriesQuery = {},
    options?: RequestOptions,
  ): PagePromise<Delivery, ListWebhookDeliveriesQuery> {
    return this.paged(`/v1/webhooks/${segment(id)}/deliveries`, query, { options });
  }

  /** Sends a delivery again now (a failed one included). */
  retryDelivery(id: string, deliveryId: string, options?: RequestOptions): APIPromise<Delivery> {
    return this.call({
      method: 'POST',
      path: `/v1/webhooks/${segment(id)}/deliveries/${segment(deliveryId)}/retry`,
      options,
    });
  }
}
