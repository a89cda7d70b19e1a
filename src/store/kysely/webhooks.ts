// The webhook aggregate: a tenant's endpoints, listed newest first; deleting one takes its deliveries.
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhooksTable } from '../schema.js';
import type { StoreOperations, WebhookRecord } from '../store.js';
import { appendEvent } from './events.js';
import { pageOf } from './paging.js';
import { changedOneRow, toNullableNumber, toNumber } from './values.js';

export type WebhookOperations = Pick<
  StoreOperations,
  'insertWebhook' | 'findWebhook' | 'listWebhooks' | 'updateWebhook' | 'deleteWebhook' | 'insertPing'
>;

export function webhookFromRow(row: Selectable<WebhooksTable>): WebhookRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as string[],
    isActive: row.is_active === 1,
    disabledReason: row.disabled_reason,
    secretSealed: row.secret_sealed,
    previousSecretSealed: row.previous_secret_sealed,
    previousSecretExpiresAtMs: toNullableNumber(row.previous_secret_expires_at),
    failedInARow: toNumber(row.failed_in_a_row),
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

/** The columns a change may write (id, tenant and creation time never change). */
function mutableColumns(webhook: WebhookRecord) {
  return {
    url: webhook.url,
    description: webhook.description,
    events: JSON.stringify(webhook.events),
    is_active: webhook.isActive ? 1 : 0,
    disabled_reason: webhook.disabledReason,
    secret_sealed: webhook.secretSealed,
    previous_secret_sealed: webhook.previousSecretSealed,
    previous_secret_expires_at: webhook.previousSecretExpiresAtMs,
    failed_in_a_row: webhook.failedInARow,
    updated_at: webhook.updatedAtMs,
  };
}

export function webhookOperations(db: Kysely<Database>): WebhookOperations {
  return {
    async insertWebhook(webhook) {
      await db
        .insertInto('webhooks')
        .values({
          id: webhook.id,
          tenant_id: webhook.tenantId,
          created_at: webhook.createdAtMs,
          ...mutableColumns(webhook),
        })
        .execute();
    },

    async findWebhook(tenantId, webhookId) {
      const row = await db
        .selectFrom('webhooks')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', webhookId)
        .executeTakeFirst();
      return row === undefined ? null : webhookFromRow(row);
    },

    listWebhooks: (tenantId, limit, offset) =>
      pageOf(
        db.selectFrom('webhooks').where('tenant_id', '=', tenantId),
        (selection) => selection.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
        { limit, offset },
        webhookFromRow,
      ),

    async updateWebhook(webhook) {
      const result = await db
        .updateTable('webhooks')
        .set(mutableColumns(webhook))
        .where('tenant_id', '=', webhook.tenantId)
        .where('id', '=', webhook.id)
        .executeTakeFirst();
      return changedOneRow(result);
    },

    async deleteWebhook(tenantId, webhookId) {
      await db
        .deleteFrom('delivery_attempts')
        .where('delivery_id', 'in', (eb) =>
          eb
            .selectFrom('deliveries')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('webhook_id', '=', webhookId),
        )
        .execute();
      await db
        .deleteFrom('deliveries')
        .where('tenant_id', '=', tenantId)
        .where('webhook_id', '=', webhookId)
        .execute();
      const result = await db
        .deleteFrom('webhooks')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', webhookId)
        .executeTakeFirst();
      return changedOneRow(result);
    },

    insertPing: (event, webhookId) => appendEvent(db, event, [webhookId]),
  };
}
