// The lifecycle events Tessera announces (SPEC "Usage, events and canaries"): one closed list, so a
// webhook's subscription, the outbox and the docs name the same events.

export const EVENT_TYPES = [
  'token.created',
  'token.updated',
  'token.rotated',
  'token.revoked',
  'token.expiring',
  'token.expired',
  'token.used_in_grace',
  'token.exhausted',
  'token.rate_limited',
  'token.canary_triggered',
  'token.leaked',
  'member.created',
  'member.updated',
  'member.removed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** What a webhook may subscribe to: event types, or every one with `*`. */
export const ALL_EVENTS = '*';

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** Whether a webhook subscribed to `subscribed` receives an event of `type`. */
export function subscribesTo(subscribed: readonly string[], type: string): boolean {
  return subscribed.includes(ALL_EVENTS) || subscribed.includes(type);
}

/** A delivery's id, made of its event's and its webhook's: unique per (webhook, event) by construction. */
export const deliveryIdOf = (webhookId: string, eventId: string): string =>
  `dlv_${eventId.slice(eventId.indexOf('_') + 1)}${webhookId.slice(webhookId.indexOf('_') + 1)}`;
