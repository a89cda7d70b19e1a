// The token's wire: the create body's schema (its bounds from core/token-fields), its translation into
// the domain command, and the answers that carry a token or a token with its secret.
import { type Static, Type } from 'typebox';
import { MAX_CIDRS } from '../../core/cidr.js';
import { TesseraError } from '../../core/errors.js';
import { MAX_SCOPES } from '../../core/permissions.js';
import { MAX_GLOBS_PER_TOKEN } from '../../core/policy.js';
import { parseTimestamp } from '../../core/time.js';
import { toPublicToken } from '../../core/token.js';
import {
  CIDR_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  KEY_PATTERN,
  LIFETIMES,
  MAX_CUSTOM_ROLES,
  MAX_DEFAULT_API_VERSION,
  MAX_TTL_SECONDS,
  MAX_USES_LIMIT,
  NAME_MAX_LENGTH,
  RATE_LIMIT_MAX,
  RATE_WINDOW_MAX_SECONDS,
  TIMESTAMP_MAX_LENGTH,
  TOKEN_KINDS,
  TOKEN_TYPES,
} from '../../core/token-fields.js';
import type { CreateTokenCommand } from '../../services/tokens/create.js';
import type { IssuedToken } from '../../services/tokens/issue.js';
import { MetadataSchema, RoleSchema, ScopeSchema, StringEnum } from '../schemas.js';

export const CreateTokenBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })),
    description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH })),
    type: Type.Optional(StringEnum(TOKEN_TYPES)),
    lifetime: Type.Optional(StringEnum(LIFETIMES)),
    ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TTL_SECONDS, description: 'whole seconds' })),
    expires_at: Type.Optional(Type.String({ maxLength: TIMESTAMP_MAX_LENGTH, description: 'RFC 3339' })),
    not_before: Type.Optional(Type.String({ maxLength: TIMESTAMP_MAX_LENGTH, description: 'RFC 3339' })),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: MAX_SCOPES })),
    metadata: Type.Optional(MetadataSchema),
    max_uses: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_USES_LIMIT, description: 'each valid verification uses one' }),
    ),
    default_api_version: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DEFAULT_API_VERSION })),
    kind: Type.Optional(
      StringEnum(TOKEN_KINDS, {
        description:
          'account: the whole tenant; space: one space; manager: the token and member API only (NeuroIO)',
      }),
    ),
    space: Type.Optional(Type.String({ pattern: KEY_PATTERN, description: 'the space key, for kind space' })),
    policy: Type.Optional(
      Type.Array(Type.Unknown(), {
        maxItems: MAX_GLOBS_PER_TOKEN,
        description:
          'statements {effect, actions | not_actions, resources | not_resources} with * globs; a deny wins',
      }),
    ),
    custom_roles: Type.Optional(
      Type.Array(Type.String({ pattern: KEY_PATTERN }), { maxItems: MAX_CUSTOM_ROLES }),
    ),
    rate_limit: Type.Optional(
      Type.Object(
        {
          limit: Type.Integer({ minimum: 1, maximum: RATE_LIMIT_MAX }),
          window_seconds: Type.Integer({ minimum: 1, maximum: RATE_WINDOW_MAX_SECONDS }),
        },
        {
          additionalProperties: false,
          description: 'at most `limit` verifications per window; more are rate_limited (429 on this API)',
        },
      ),
    ),
    allowed_cidrs: Type.Optional(
      Type.Array(Type.String({ maxLength: CIDR_MAX_LENGTH }), { maxItems: MAX_CIDRS }),
    ),
    service: Type.Optional(
      Type.Boolean({
        description:
          'a service token belongs to the tenant, not a member (admins; LaunchDarkly serviceToken)',
      }),
    ),
  },
  { additionalProperties: false },
);

export type CreateTokenWire = Static<typeof CreateTokenBody>;

function timestampField(field: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const epochMs = parseTimestamp(text);
  if (epochMs === null) throw new TesseraError('invalid_request', `${field} must be an RFC 3339 timestamp`);
  return epochMs;
}

/** The create body, already schema-checked, as the domain command (timestamps parsed, names spelled out). */
export function createCommandOf(body: CreateTokenWire): CreateTokenCommand {
  return {
    name: body.name,
    description: body.description,
    type: body.type,
    lifetime: body.lifetime,
    ttlSeconds: body.ttl,
    expiresAtMs: timestampField('expires_at', body.expires_at),
    notBeforeMs: timestampField('not_before', body.not_before),
    role: body.role,
    scopes: body.scopes,
    policy: body.policy,
    customRoleKeys: body.custom_roles,
    metadata: body.metadata,
    maxUses: body.max_uses,
    defaultApiVersion: body.default_api_version,
    service: body.service,
    kind: body.kind,
    space: body.space,
    allowedCidrs: body.allowed_cidrs,
    rateLimit:
      body.rate_limit === undefined
        ? undefined
        : { limit: body.rate_limit.limit, windowSeconds: body.rate_limit.window_seconds },
  };
}

/** A token with its secret: the answer of create and rotate, the one place a secret is written out. */
export function withSecret(issued: IssuedToken) {
  return { ...toPublicToken(issued.token), secret: issued.secret };
}
