// The verify wire (POST /v1/verify, the hot path): the request and the answer, always 200 for any token.
// Every nullable part of the answer is an inline `type: [object, null]`, not a reference: a reference
// can only be made nullable with an anyOf, which the serializer settles by running a validator.
import { Type } from 'typebox';
import type { ActionDecision } from '../../core/permissions.js';
import { ROLES } from '../../core/permissions.js';
import { TOKEN_KINDS, TOKEN_TYPES } from '../../core/token-fields.js';
import { MetadataSchema, Nullable, named, StringEnum, Timestamp, VerifyCodeSchema } from '../schemas.js';

export const VerifyRequestSchema = named(
  'VerifyRequest',
  'A token to check and, optionally, what it is about to be used for.',
  Type.Object(
    {
      token: Type.String({ maxLength: 1024, description: 'the secret the client presented' }),
      action: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 256,
          description:
            'the action to allow or refuse, such as `orders:read`; without it only validity is checked',
        }),
      ),
      resource: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 1024,
          description:
            'the resource the action is on, a plain path such as `orders/42`; without it only policy statements on `*` apply',
        }),
      ),
      ip: Type.Optional(
        Type.String({
          maxLength: 64,
          description: "the client's IPv4 or IPv6 address, checked against the token's allowed_cidrs",
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

const DECISION_SOURCES = [
  'role',
  'scope',
  'policy',
  'custom_role',
  'space',
  'kind',
] as const satisfies readonly NonNullable<ActionDecision['source']>[];

export const VerifyAnswerSchema = named(
  'VerifyAnswer',
  'The verdict on a token (HTTP 200 whatever it is): holding the secret is the credential, so the reason is told.',
  Type.Object({
    valid: Type.Boolean({
      description: 'true when the token may be used (for the action, if one was asked)',
    }),
    code: VerifyCodeSchema,
    token: Nullable(
      Type.Object(
        {
          id: Type.String({ description: 'the token id' }),
          name: Type.String({ description: 'the display name' }),
          type: StringEnum(TOKEN_TYPES, { description: 'api or session' }),
          kind: StringEnum(TOKEN_KINDS, { description: 'account, space or manager' }),
          tenant_id: Type.String({ description: 'the tenant the token belongs to' }),
          owner_id: Nullable(Type.String({ description: 'the owning member; null for a service token' })),
          service: Type.Boolean({ description: 'true for a service token' }),
          space: Nullable(Type.String({ description: 'the space a `space` token is confined to, or null' })),
          expires_at: Nullable(Timestamp('when the token expires; null: never')),
          metadata: Nullable(MetadataSchema),
        },
        {
          description: 'what a resource server needs to know of the token; null when malformed or not found',
        },
      ),
    ),
    permissions: Nullable(
      Type.Object(
        {
          role: Nullable(StringEnum(ROLES, { description: 'the role the token grants, or null' })),
          effective_role: Nullable(
            StringEnum(ROLES, {
              description:
                'the role it acts with now: its own, capped by its member’s current role (a service token: its creator’s at creation); null: none',
            }),
          ),
          scopes: Type.Array(Type.String(), { description: 'action globs granted on every resource' }),
          policy: Nullable(Type.Array(Type.Unknown(), { description: 'inline policy statements, or null' })),
          custom_roles: Nullable(
            Type.Array(Type.String(), { description: 'keys of the custom roles it carries, or null' }),
          ),
        },
        { description: "the token's grants; null when malformed or not found" },
      ),
    ),
    ratelimit: Nullable(
      Type.Object(
        {
          limit: Type.Integer({ description: 'verifications allowed per window' }),
          remaining: Type.Integer({ description: 'verifications left in this window' }),
          reset_at: Timestamp('when the window ends'),
        },
        { description: 'the rate-limit window; null for a token without a limit' },
      ),
    ),
    remaining: Nullable(Type.Integer({ description: 'uses left (max_uses); null: unlimited' })),
    decision: Nullable(
      Type.Object(
        {
          effect: StringEnum(['allow', 'deny'], { description: 'allow or deny' }),
          source: Nullable(
            StringEnum(DECISION_SOURCES, {
              description:
                'what decided: the grant (role, scope, policy, custom_role), the token’s space or kind confining it, role for the member’s role capping it; null when nothing matched (denied by default)',
            }),
          ),
          match: Nullable(Type.String({ description: 'the glob that decided; null when nothing matched' })),
        },
        { description: 'what decided the action; null unless an action was asked' },
      ),
    ),
  }),
);
