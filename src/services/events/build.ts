// Lifecycle events built from the records they announce: `data` is the object exactly as the API
// answers it (the one serializer, toPublicToken or toPublicMember), so a receiver parses one shape,
// and it never holds a secret because those objects never do.
import type { EventType } from '../../core/events.js';
import { type TokenRecord, toPublicToken } from '../../core/token.js';
import type { MemberRecord, OutboxEventRecord } from '../../store/store.js';
import type { Deps } from '../deps.js';
import { newEventId } from '../ids.js';
import { toPublicMember } from '../public-member.js';

/** Facts an event adds beside its object (`ip`, `user_agent`, `door`, `lead_seconds`): never a secret. */
export type EventExtra = Readonly<Record<string, unknown>>;

function outboxEvent(
  deps: Pick<Deps, 'random'>,
  atMs: number,
  type: EventType,
  subject: { readonly id: string; readonly tenantId: string },
  data: Readonly<Record<string, unknown>>,
): OutboxEventRecord {
  return {
    id: newEventId(deps.random, atMs),
    tenantId: subject.tenantId,
    type,
    subjectId: subject.id,
    occurredAtMs: atMs,
    data,
  };
}

export function tokenEvent(
  deps: Pick<Deps, 'random'>,
  atMs: number,
  type: EventType,
  token: TokenRecord,
  extra?: EventExtra,
): OutboxEventRecord {
  return outboxEvent(deps, atMs, type, token, { ...toPublicToken(token, atMs), ...extra });
}

export function memberEvent(
  deps: Pick<Deps, 'random'>,
  atMs: number,
  type: EventType,
  member: MemberRecord,
  extra?: EventExtra,
): OutboxEventRecord {
  return outboxEvent(deps, atMs, type, member, { ...toPublicMember(member), ...extra });
}
