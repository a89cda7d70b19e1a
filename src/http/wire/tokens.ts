// The token's wire: the token object and its list, the request bodies (their bounds from
// core/token-fields), the create body's translation into the domain command, and the answers that
// carry a token or a token with its secret.
import { type Static, Type } from 'typebox';
import { MAX_CIDRS } from '../../core/cidr.js';
import { TesseraError } from '../../core/errors.js';
import { MAX_SCOPES, ROLES } from '../../core/permissions.js';
import { MAX_GLOBS_PER_TOKEN } from '../../core/policy.js';
import { parseTimestamp } from '../../core/time.js';
import { type PublicToken, TOKEN_STATUSES, toPublicToken } from '../../core/token.js';
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
import {
  idParams,
  listOf,
  MetadataSchema,
  Nullable,
  named,
  ref,
  ScopeSchema,
  StringEnum,
  Timestamp,
} from '../schemas.js';

/** What each field means, once: the token object, the create body and the merge patch say the same. */
const MEANING = {
  name: 'display name, unique among its owner’s tokens',
  description: 'free text about the token',
  type: 'api: long-lived, for programs; session: short-lived, for a login',
  kind: 'account: the whole tenant; space: one space; manager: the token and member API only',
  lifetime: 'temporary: has expires_at; permanent: never expires (capped per owner, 5 by default)',
  isActive: 'false disables the token (verify answers `disabled`) without revoking it',
  space: 'key of the space a `space` token is confined to',
  role: 'the role the token grants: reader, writer, admin or owner',
  scopes: 'action globs granted on every resource, such as `orders:read` or `deploy:*`',
  policy:
    'inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins',
  customRoles: 'keys of the custom roles (/v1/roles) whose policies the token carries',
  allowedCidrs: 'CIDR blocks the token may be used from; a verify without `ip` is then forbidden',
  rateLimit: 'at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API)',
  rateLimitLimit: 'verifications allowed per window',
  rateLimitWindow: 'length of the window, in seconds',
  maxUses: 'valid verifications allowed in all; each valid verification uses one',
  metadata:
    'free-form JSON object kept with the token and returned by verify, at most 4096 bytes and 5 levels deep',
  defaultApiVersion: 'the API version the token assumes where a dialect has versions (LaunchDarkly)',
  canary:
    'a decoy (honeytoken): presenting it is answered exactly as an unknown token is, and its owner gets token.canary_triggered',
  expiresAt: 'when the token stops being valid',
  notBefore: 'the token is not valid before this time',
} as const;

const tokenFields = {
  id: Type.String({ description: 'the token id: `tok_` + 22 base62 characters' }),
  serial: Type.Integer({
    description:
      'the token’s number in the one sequence of the whole installation, given at creation and never reused (NeuroIO’s integer id)',
  }),
  name: Type.String({ description: MEANING.name }),
  description: Nullable(Type.String({ description: `${MEANING.description}, or null` })),
  type: StringEnum(TOKEN_TYPES, { description: MEANING.type }),
  kind: StringEnum(TOKEN_KINDS, { description: MEANING.kind }),
  lifetime: StringEnum(LIFETIMES, { description: MEANING.lifetime }),
  is_active: Type.Boolean({ description: MEANING.isActive }),
  service: Type.Boolean({
    description: 'true: a service token, owned by the tenant; false: a personal token, owned by a member',
  }),
  owner_id: Nullable(
    Type.String({ description: 'the member a personal token belongs to; null for a service token' }),
  ),
  tenant_id: Type.String({ description: 'the tenant the token belongs to' }),
  canary: Type.Boolean({ description: MEANING.canary }),
  space: Nullable(Type.String({ description: `${MEANING.space}, or null` })),
  role: Nullable(StringEnum(ROLES, { description: `${MEANING.role}, or null` })),
  scopes: Type.Array(Type.String(), { description: MEANING.scopes }),
  policy: Nullable(Type.Array(Type.Unknown(), { description: `${MEANING.policy}; or null` })),
  custom_roles: Nullable(Type.Array(Type.String(), { description: `${MEANING.customRoles}, or null` })),
  allowed_cidrs: Nullable(
    Type.Array(Type.String(), { description: `${MEANING.allowedCidrs}; null: from anywhere` }),
  ),
  rate_limit: Nullable(
    Type.Object(
      {
        limit: Type.Integer({ description: MEANING.rateLimitLimit }),
        window_seconds: Type.Integer({ description: MEANING.rateLimitWindow }),
      },
      { description: `${MEANING.rateLimit}; null: no limit` },
    ),
  ),
  max_uses: Nullable(Type.Integer({ description: `${MEANING.maxUses}; null: unlimited` })),
  remaining_uses: Nullable(Type.Integer({ description: 'valid verifications left; null: unlimited' })),
  metadata: Nullable(
    Type.Record(Type.String(), Type.Unknown(), { description: `${MEANING.metadata}, or null` }),
  ),
  default_api_version: Nullable(Type.Integer({ description: `${MEANING.defaultApiVersion}, or null` })),
  hint: Type.String({ description: 'the last 4 characters of the secret, to recognise it by' }),
  created_at: Timestamp('when the token was created'),
  updated_at: Timestamp('when the token last changed'),
  not_before: Nullable(Timestamp(`${MEANING.notBefore}; null: from its creation`)),
  expires_at: Nullable(Timestamp(`${MEANING.expiresAt}; null: never (a permanent token)`)),
  revoked_at: Nullable(Timestamp('when the token was revoked; null: not revoked')),
  revoked_reason: Nullable(
    Type.String({
      description: 'why it was revoked: `revoked` (a revoke), `leaked` (a leak report), …; null: not revoked',
    }),
  ),
  last_used_at: Nullable(
    Timestamp('when the token was last used; null: never (written behind, up to a second late)'),
  ),
  last_used_ip: Nullable(Type.String({ description: 'the client address of the last use, or null' })),
  last_used_user_agent: Nullable(
    Type.String({ description: 'the User-Agent of the last use (a secret in it masked), or null' }),
  ),
  status: StringEnum(TOKEN_STATUSES, {
    description:
      'the state now, first match wins: revoked; disabled (switched off, its member removed, its tenant suspended); expired; not_yet_valid; else active',
  }),
  effective_role: Nullable(
    StringEnum(ROLES, {
      description:
        'the role the token acts with now: its own, capped by its member’s current role (or, for a service token, its creator’s at creation); null: none',
    }),
  ),
  previous_secret_expires_at: Nullable(
    Timestamp('until when the secret rotated out last still works; null when none does'),
  ),
  imported: Type.Boolean({
    description: 'true: brought from another system with its existing secret (POST /v1/tokens/import)',
  }),
};

export const TokenParams = idParams('the token id, `tok_…`');

export const TokenSchema = named(
  'Token',
  'A token: its record, without its secret. Every field is always present, null when unset.',
  Type.Object(tokenFields),
);

/** Whether two types are the same, readonly-ness aside (a compile-time check, nothing at run time). */
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type SameType<A, B> =
  (<T>() => T extends DeepReadonly<A> ? 1 : 2) extends <T>() => T extends DeepReadonly<B> ? 1 : 2
    ? true
    : false;
/** The wire schema's static type is exactly the public token type: a field added to one but not the other fails the build. */
const tokenSchemaIsPublicToken: SameType<Static<typeof TokenSchema>, PublicToken> = true;
void tokenSchemaIsPublicToken;

export const TokenWithSecretSchema = named(
  'TokenWithSecret',
  'A token and its secret: the answer of create and rotate, the only time the secret is ever shown.',
  Type.Object({
    ...tokenFields,
    secret: Type.String({
      description: 'the bearer secret, `tsr_…`; shown exactly once, never stored: keep it now',
    }),
  }),
);

export const TokenListSchema = listOf('TokenList', 'A page of tokens.', TokenSchema);

export const RevokedCountSchema = named(
  'RevokedCount',
  'The answer of a bulk revocation.',
  Type.Object({ revoked: Type.Integer({ description: 'how many tokens this request revoked' }) }),
);

/** A rate limit as create and patch take it: one definition, so the two can never disagree. */
const RateLimitInput = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: RATE_LIMIT_MAX, description: MEANING.rateLimitLimit }),
    window_seconds: Type.Integer({
      minimum: 1,
      maximum: RATE_WINDOW_MAX_SECONDS,
      description: MEANING.rateLimitWindow,
    }),
  },
  { additionalProperties: false, description: MEANING.rateLimit },
);

export const CreateTokenRequestSchema = named(
  'CreateTokenRequest',
  'A new token. Every field is optional; with none of role, scopes, policy and custom_roles the token gets a copy of the calling token’s permissions, never more than it has.',
  Type.Object(
    {
      name: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: NAME_MAX_LENGTH,
          description: `${MEANING.name}: one the owner already uses gets -1, -2, … appended`,
        }),
      ),
      description: Type.Optional(
        Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: MEANING.description }),
      ),
      type: Type.Optional(StringEnum(TOKEN_TYPES, { description: `${MEANING.type} (default: api)` })),
      lifetime: Type.Optional(
        StringEnum(LIFETIMES, {
          description:
            'temporary alone means 24 hours; an api token given none of ttl, expires_at and lifetime is permanent',
        }),
      ),
      ttl: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: MAX_TTL_SECONDS,
          description: 'lifetime in whole seconds (at most ten years); not together with expires_at',
        }),
      ),
      expires_at: Type.Optional(
        Type.String({
          maxLength: TIMESTAMP_MAX_LENGTH,
          description: `${MEANING.expiresAt} (RFC 3339); not together with ttl`,
        }),
      ),
      not_before: Type.Optional(
        Type.String({ maxLength: TIMESTAMP_MAX_LENGTH, description: `${MEANING.notBefore} (RFC 3339)` }),
      ),
      role: Type.Optional(StringEnum(ROLES, { description: MEANING.role })),
      scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: MAX_SCOPES, description: MEANING.scopes })),
      metadata: Type.Optional(MetadataSchema),
      max_uses: Type.Optional(
        Type.Integer({ minimum: 1, maximum: MAX_USES_LIMIT, description: MEANING.maxUses }),
      ),
      default_api_version: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: MAX_DEFAULT_API_VERSION,
          description: MEANING.defaultApiVersion,
        }),
      ),
      kind: Type.Optional(
        StringEnum(TOKEN_KINDS, {
          description: `${MEANING.kind} (NeuroIO; default: the calling token’s kind)`,
        }),
      ),
      space: Type.Optional(
        Type.String({
          pattern: KEY_PATTERN,
          description: `${MEANING.space} (kind space only; default: the calling token’s space)`,
        }),
      ),
      policy: Type.Optional(
        Type.Array(Type.Unknown(), { maxItems: MAX_GLOBS_PER_TOKEN, description: MEANING.policy }),
      ),
      custom_roles: Type.Optional(
        Type.Array(Type.String({ pattern: KEY_PATTERN }), {
          maxItems: MAX_CUSTOM_ROLES,
          description: MEANING.customRoles,
        }),
      ),
      rate_limit: Type.Optional(RateLimitInput),
      allowed_cidrs: Type.Optional(
        Type.Array(Type.String({ maxLength: CIDR_MAX_LENGTH }), {
          maxItems: MAX_CIDRS,
          description: MEANING.allowedCidrs,
        }),
      ),
      service: Type.Optional(
        Type.Boolean({
          description:
            'a service token belongs to the tenant, not a member (admins and owners; LaunchDarkly serviceToken)',
        }),
      ),
      canary: Type.Optional(Type.Boolean({ description: MEANING.canary })),
    },
    { additionalProperties: false },
  ),
);

export type CreateTokenWire = Static<typeof CreateTokenRequestSchema>;

/**
 * The merge patch of a token, for the document and the SDK only: PATCH validates a patch itself (the
 * patch planner, core/token-patch.ts), so a field's rules are decided in one place. Any other field of
 * the token may appear with its current value; changing one is a 400 immutable_field.
 */
export const TokenMergePatchSchema = named(
  'TokenMergePatch',
  'The fields to change (RFC 7396 JSON Merge Patch): a field set to null is cleared. role, scopes, policy, custom_roles, allowed_cidrs, rate_limit, max_uses and expires_at may change only within the caller’s own permissions.',
  Type.Object({
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: NAME_MAX_LENGTH,
        description: `${MEANING.name}: one the owner already uses is a 409`,
      }),
    ),
    description: Type.Optional(
      Nullable(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: MEANING.description })),
    ),
    is_active: Type.Optional(Type.Boolean({ description: MEANING.isActive })),
    metadata: Type.Optional(
      Nullable(Type.Record(Type.String(), Type.Unknown(), { description: MEANING.metadata })),
    ),
    default_api_version: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: MAX_DEFAULT_API_VERSION,
          description: MEANING.defaultApiVersion,
        }),
      ),
    ),
    role: Type.Optional(Nullable(StringEnum(ROLES, { description: MEANING.role }))),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: MAX_SCOPES, description: MEANING.scopes })),
    policy: Type.Optional(
      Nullable(Type.Array(Type.Unknown(), { maxItems: MAX_GLOBS_PER_TOKEN, description: MEANING.policy })),
    ),
    custom_roles: Type.Optional(
      Nullable(
        Type.Array(Type.String({ pattern: KEY_PATTERN }), {
          maxItems: MAX_CUSTOM_ROLES,
          description: MEANING.customRoles,
        }),
      ),
    ),
    allowed_cidrs: Type.Optional(
      Nullable(
        Type.Array(Type.String({ maxLength: CIDR_MAX_LENGTH }), { description: MEANING.allowedCidrs }),
      ),
    ),
    rate_limit: Type.Optional(Nullable(RateLimitInput)),
    max_uses: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, maximum: MAX_USES_LIMIT, description: MEANING.maxUses })),
    ),
    expires_at: Type.Optional(
      Nullable(
        Type.String({
          format: 'date-time',
          description: `${MEANING.expiresAt} (RFC 3339, in the future); null makes an api token permanent`,
        }),
      ),
    ),
  }),
);

export const JsonPatchOperationSchema = named(
  'JsonPatchOperation',
  'One operation of a JSON Patch (RFC 6902) on the token object.',
  Type.Object({
    op: StringEnum(['add', 'remove', 'replace', 'move', 'copy', 'test'], {
      description: 'what to do; a failing `test` stops the whole patch (409)',
    }),
    path: Type.String({ description: 'JSON Pointer (RFC 6901) to the field, such as /name or /scopes/0' }),
    value: Type.Optional(Type.Unknown({ description: 'the value, for add, replace and test' })),
    from: Type.Optional(Type.String({ description: 'JSON Pointer to the source, for move and copy' })),
  }),
);

export const JsonPatchSchema = named(
  'JsonPatch',
  'A JSON Patch (RFC 6902): operations applied in order, all or nothing. The same fields may change as with a merge patch.',
  Type.Array(ref(JsonPatchOperationSchema)),
);

const expiry = (description: string) =>
  Type.Integer({
    minimum: 0,
    description: `${description}: a Unix time in milliseconds (LaunchDarkly); one not in the future ends the old secret now`,
  });

/** The query parameter of rotate; the body may carry it instead. */
export const RotateQuery = Type.Object(
  { expiry: Type.Optional(expiry('until when the old secret still works')) },
  { additionalProperties: false },
);

export const RotateTokenRequestSchema = named(
  'RotateTokenRequest',
  'How to rotate. Without a body (or without expiry) the old secret stops at once.',
  Type.Object(
    { expiry: Type.Optional(expiry('until when the old secret still works')) },
    { additionalProperties: false },
  ),
);

export const LookupTokenRequestSchema = named(
  'LookupTokenRequest',
  'A secret to look up. It travels in the body, never in a URL.',
  Type.Object(
    { secret: Type.String({ maxLength: 1024, description: 'the whole secret of the token to find' }) },
    { additionalProperties: false },
  ),
);

/** A timestamp field of a request (RFC 3339) in ms, or a 400 naming the field; absent stays absent. */
export function timestampField(field: string, text: string | undefined): number | undefined {
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
    canary: body.canary,
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
export function withSecret(issued: IssuedToken, nowMs: number) {
  return { ...toPublicToken(issued.token, nowMs), secret: issued.secret };
}
