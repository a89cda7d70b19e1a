// The audit event's wire: who did what to which object, when and from where, and its list.
import { Type } from 'typebox';
import { listOf, Nullable, named, Timestamp } from '../schemas.js';

export const AuditEventSchema = named(
  'AuditEvent',
  'One change (or refused attempt) in a tenant, written in the same transaction as the change.',
  Type.Object({
    id: Type.String({ description: 'the event id' }),
    tenant_id: Type.String({ description: 'the tenant the event happened in' }),
    actor_token_id: Nullable(Type.String({ description: 'the token that acted, or null' })),
    actor_member_id: Nullable(Type.String({ description: "the acting token's member, or null" })),
    action: Type.String({ description: 'what happened, such as token.created or access_denied' }),
    target_type: Type.String({ description: 'the kind of object acted on, such as token or member' }),
    target_id: Type.String({ description: 'the id (or key) of the object acted on' }),
    occurred_at: Timestamp('when it happened'),
    client_ip: Nullable(Type.String({ description: 'the client address of the request, or null' })),
    request_id: Nullable(Type.String({ description: 'the X-Request-Id of the request, or null' })),
    details: Nullable(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'what changed, by field (never a secret), or null',
      }),
    ),
  }),
);

export const AuditEventListSchema = listOf(
  'AuditEventList',
  "A page of the tenant's audit trail.",
  AuditEventSchema,
);
