// Webhook endpoint use-cases: add, read, list, change, delete, rotate the signing secret. Actions
// webhooks:read|write on `webhooks/<id>` (admins and owners, by the role grants); another tenant's
// endpoint is a 404; every change writes its audit event (never the secret) in its transaction.

import { isIP } from 'node:net';
import { TesseraError } from '../../core/errors.js';
import type { Page, WebhookRecord } from '../../store/store.js';
import { type Actor, requirePermission } from '../actor.js';
import { recordChange } from '../audit.js';
import type { Deps } from '../deps.js';
import { newId } from '../ids.js';
import { addressRefusal } from './address-guard.js';
import { newSigningSecret } from './signing-secrets.js';

export const WEBHOOK_URL_MAX_LENGTH = 2048;
/** How long a rotated-out signing secret keeps signing beside the new one, unless the call says. */
export const DEFAULT_SECRET_GRACE_SECONDS = 86_400;
export const MAX_SECRET_GRACE_SECONDS = 7 * 86_400;

export interface WebhookInput {
  readonly url: string;
  readonly events: readonly string[];
  readonly description?: string | null | undefined;
}

export interface WebhookChange {
  readonly url?: string | undefined;
  readonly events?: readonly string[] | undefined;
  readonly description?: string | null | undefined;
  /** true switches a disabled endpoint back on (its failure count starts again). */
  readonly isActive?: boolean | undefined;
}

/** A webhook with its signing secret: the answer of create and rotate, the only time it is shown. */
export interface WebhookWithSecret {
  readonly webhook: WebhookRecord;
  readonly secret: string;
}

/**
 * A URL problem, or null. Only http and https, no credentials in it (they would sit in the database
 * and the logs), and an IP literal Tessera would never connect to is refused now rather than at each
 * delivery; a name is checked where it counts, when it is resolved for a delivery.
 */
export function webhookUrlProblem(text: string, allowPrivate: boolean): string | null {
  if (text.length > WEBHOOK_URL_MAX_LENGTH) return `url is at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must use http or https';
  if (url.username !== '' || url.password !== '') return 'url must not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refusal = addressRefusal(host, allowPrivate);
    if (refusal !== null) return `url: ${refusal}`;
  }
  return null;
}

function eventsProblem(events: readonly string[]): string | null {
  if (new Set(events).size !== events.length) return 'events lists an event twice';
  if (events.includes('*') && events.length > 1) return 'events is either ["*"] or a list of event types';
  return null;
}

function requireValid(deps: Pick<Deps, 'settings'>, change: WebhookChange): void {
  const urlProblem =
    change.url === undefined ? null : webhookUrlProblem(change.url, deps.settings.events.webhookAllowPrivate);
  const problem = urlProblem ?? (change.events === undefined ? null : eventsProblem(change.events));
  if (problem !== null) throw new TesseraError('invalid_request', problem);
}

/** Facts for the audit trail: where it points and what it hears; never the secret. */
const auditDetails = (webhook: WebhookRecord) => ({ url: webhook.url, events: webhook.events });

export async function createWebhook(
  deps: Deps,
  actor: Actor,
  input: WebhookInput,
): Promise<WebhookWithSecret> {
  requirePermission(actor, 'webhooks:write', 'webhooks/*');
  requireValid(deps, input);
  const nowMs = deps.clock.nowMs();
  const signing = newSigningSecret(deps);
  const webhook: WebhookRecord = {
    id: newId(deps.random, 'whk'),
    tenantId: actor.tenantId,
    url: input.url,
    description: input.description ?? null,
    events: input.events,
    isActive: true,
    disabledReason: null,
    secretSealed: signing.sealed,
    previousSecretSealed: null,
    previousSecretExpiresAtMs: null,
    failedInARow: 0,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  await deps.store.transaction(async (tx) => {
    await tx.insertWebhook(webhook);
    await recordChange(deps, tx, actor, nowMs, {
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: webhook.id,
      details: auditDetails(webhook),
    });
  });
  return { webhook, secret: signing.secret };
}

export function listWebhooks(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  paging: { readonly limit: number; readonly offset: number },
): Promise<Page<WebhookRecord>> {
  requirePermission(actor, 'webhooks:read', 'webhooks/*');
  return deps.store.listWebhooks(actor.tenantId, paging.limit, paging.offset);
}

export async function getWebhook(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  webhookId: string,
): Promise<WebhookRecord> {
  requirePermission(actor, 'webhooks:read', `webhooks/${webhookId}`);
  const webhook = await deps.store.findWebhook(actor.tenantId, webhookId);
  if (webhook === null) throw new TesseraError('not_found', 'no such webhook');
  return webhook;
}

/** Runs a change of one endpoint in a transaction: found in the caller's tenant, audited. */
async function changeWebhook(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  action: string,
  change: (current: WebhookRecord, nowMs: number) => WebhookRecord,
): Promise<WebhookRecord> {
  requirePermission(actor, 'webhooks:write', `webhooks/${webhookId}`);
  return deps.store.transaction(async (tx) => {
    const current = await tx.findWebhook(actor.tenantId, webhookId);
    if (current === null) throw new TesseraError('not_found', 'no such webhook');
    const nowMs = deps.clock.nowMs();
    const updated = { ...change(current, nowMs), updatedAtMs: nowMs };
    await tx.updateWebhook(updated);
    await recordChange(deps, tx, actor, nowMs, {
      action,
      targetType: 'webhook',
      targetId: webhookId,
      details: auditDetails(updated),
    });
    return updated;
  });
}

export function updateWebhook(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  change: WebhookChange,
): Promise<WebhookRecord> {
  requireValid(deps, change);
  return changeWebhook(deps, actor, webhookId, 'webhook.update', (current) => ({
    ...current,
    url: change.url ?? current.url,
    events: change.events ?? current.events,
    description: change.description === undefined ? current.description : change.description,
    ...(change.isActive === undefined
      ? {}
      : change.isActive
        ? { isActive: true, disabledReason: null, failedInARow: 0 }
        : { isActive: false, disabledReason: null }),
  }));
}

export async function deleteWebhook(deps: Deps, actor: Actor, webhookId: string): Promise<void> {
  requirePermission(actor, 'webhooks:write', `webhooks/${webhookId}`);
  await deps.store.transaction(async (tx) => {
    const current = await tx.findWebhook(actor.tenantId, webhookId);
    if (current === null) throw new TesseraError('not_found', 'no such webhook');
    await tx.deleteWebhook(actor.tenantId, webhookId);
    await recordChange(deps, tx, actor, deps.clock.nowMs(), {
      action: 'webhook.delete',
      targetType: 'webhook',
      targetId: webhookId,
      details: auditDetails(current),
    });
  });
}

/**
 * A new signing secret, shown once; the old one keeps signing beside it for `graceSeconds` (default
 * 24 h, 0: it stops now) so receivers can switch without missing a delivery.
 */
export async function rotateWebhookSecret(
  deps: Deps,
  actor: Actor,
  webhookId: string,
  graceSeconds = DEFAULT_SECRET_GRACE_SECONDS,
): Promise<WebhookWithSecret> {
  const signing = newSigningSecret(deps);
  const webhook = await changeWebhook(deps, actor, webhookId, 'webhook.rotate_secret', (current, nowMs) => ({
    ...current,
    secretSealed: signing.sealed,
    previousSecretSealed: graceSeconds > 0 ? current.secretSealed : null,
    previousSecretExpiresAtMs: graceSeconds > 0 ? nowMs + graceSeconds * 1000 : null,
  }));
  return { webhook, secret: signing.secret };
}
