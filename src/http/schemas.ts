// Wire schemas shared by routes: they validate input, shape output and generate /openapi.json.
import { type Static, type TSchema, Type } from 'typebox';
import { ROLES, SCOPE_MAX_LENGTH, SCOPE_PATTERN } from '../core/permissions.js';
import type { PublicToken } from '../core/token.js';
import { LIFETIMES, TOKEN_KINDS, TOKEN_TYPES } from '../core/token-fields.js';
import { VERIFY_CODES } from '../core/verify.js';

/**
 * `T or null`. Where T has one JSON type this is `type: [T's type, "null"]`, not an anyOf: the response
 * serializer (fast-json-stringify) settles a type list with a typeof, but an anyOf by running a schema
 * validator on the value, on every field of every item of every answer.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const { type, enum: allowed } = schema as { type?: unknown; enum?: unknown };
  if (typeof type !== 'string') return Type.Union([schema, Type.Null()]);
  // An enum binds every type in the list: null must be one of its values too.
  const withNull = Array.isArray(allowed) ? { enum: [...allowed, null] } : {};
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...withNull });
};
const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 UTC with milliseconds' });

/**
 * One of a few strings, as `enum` rather than an anyOf of literals: same contract and same OpenAPI,
 * but the response serializer writes it without running a validator per field.
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const RoleSchema = StringEnum(ROLES);
export const ScopeSchema = Type.String({ pattern: SCOPE_PATTERN, minLength: 1, maxLength: SCOPE_MAX_LENGTH });
export const MetadataSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'free-form JSON object, at most 4096 bytes and 5 levels deep',
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    request_id: Type.String(),
  },
  { description: 'RFC 9457 problem details' },
);

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  type: StringEnum(TOKEN_TYPES),
  kind: StringEnum(TOKEN_KINDS),
  lifetime: StringEnum(LIFETIMES),
  is_active: Type.Boolean(),
  service: Type.Boolean(),
  owner_id: Nullable(Type.String()),
  tenant_id: Type.String(),
  space: Nullable(Type.String()),
  role: Nullable(RoleSchema),
  scopes: Type.Array(Type.String()),
  policy: Nullable(Type.Array(Type.Unknown())),
  custom_roles: Nullable(Type.Array(Type.String())),
  allowed_cidrs: Nullable(Type.Array(Type.String())),
  rate_limit: Nullable(Type.Object({ limit: Type.Integer(), window_seconds: Type.Integer() })),
  max_uses: Nullable(Type.Integer()),
  remaining_uses: Nullable(Type.Integer()),
  metadata: Nullable(MetadataSchema),
  default_api_version: Nullable(Type.Integer()),
  hint: Type.String({ description: 'last 4 characters of the secret' }),
  created_at: Timestamp,
  updated_at: Timestamp,
  not_before: Nullable(Timestamp),
  expires_at: Nullable(Timestamp),
  revoked_at: Nullable(Timestamp),
  last_used_at: Nullable(Timestamp),
  last_used_ip: Nullable(Type.String()),
  last_used_user_agent: Nullable(Type.String()),
};

export const TokenSchema = Type.Object(tokenFields);

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
export const TokenWithSecretSchema = Type.Object({
  ...tokenFields,
  secret: Type.String({ description: 'shown exactly once' }),
});

export const PaginationSchema = Type.Object({
  total_items: Type.Integer(),
  total_pages: Type.Integer(),
  page: Nullable(Type.Integer()),
  per_page: Nullable(Type.Integer()),
  limit: Nullable(Type.Integer()),
  offset: Nullable(Type.Integer()),
  next_cursor: Nullable(Type.String()),
});

export const listOf = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), pagination: PaginationSchema });

export const MemberSchema = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  email: Type.String(),
  name: Nullable(Type.String()),
  role: RoleSchema,
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const TenantSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  is_operator: Type.Boolean(),
  suspended: Type.Boolean(),
  suspended_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  actor_token_id: Nullable(Type.String()),
  actor_member_id: Nullable(Type.String()),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.String(),
  occurred_at: Timestamp,
  client_ip: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const VerifyCodeSchema = StringEnum(VERIFY_CODES);

export const IdParams = Type.Object({ id: Type.String() });

/** Error answers every authenticated route can give, for the OpenAPI document. */
export const authErrors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
};
