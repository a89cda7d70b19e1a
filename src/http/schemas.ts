// The building blocks of every wire schema: nullable and enum helpers, named (shared) schemas and the
// references to them, the problem body and its answers, and the paging envelope. The schemas validate
// input, shape output and generate /openapi.json; the shapes of each resource are in wire/.
import { type Static, type TSchema, Type } from 'typebox';
import { ERROR_CATALOGUE, type ErrorCode } from '../core/errors.js';
import { ROLES, SCOPE_MAX_LENGTH, SCOPE_PATTERN } from '../core/permissions.js';
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

/** A timestamp in an answer: RFC 3339 UTC with milliseconds. */
export const Timestamp = (description: string) =>
  Type.String({ format: 'date-time', description: `${description}. RFC 3339, UTC, with milliseconds` });

/**
 * One of a few strings, as `enum` rather than an anyOf of literals: same contract and same OpenAPI,
 * but the response serializer writes it without running a validator per field.
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** A schema with a name: registered once with `app.addSchema`, a `components.schemas` entry in /openapi.json. */
export type Named<T extends TSchema = TSchema> = T & { readonly $id: string; readonly description: string };

/** Names a schema. Every named schema says what it is: the SDK's JSDoc and editor tooltips show it. */
export function named<T extends TSchema>(id: string, description: string, schema: T): Named<T> {
  return Object.assign(schema, { $id: id, description }) as Named<T>;
}

/**
 * A reference to a named schema, typed as the schema. Validators and the serializer resolve it when
 * they compile, at boot; @fastify/swagger writes it as `#/components/schemas/<name>`.
 */
export const ref = <T extends TSchema>(schema: Named<T>) => Type.Unsafe<Static<T>>({ $ref: schema.$id });

/**
 * An answer that is a named schema, with what this particular answer means (OpenAPI's response
 * description). The serializer ignores the description; the document drops the schema's own.
 */
export const answer = <T extends TSchema>(schema: Named<T>, description: string) =>
  Type.Unsafe<Static<T>>({ $ref: schema.$id, description });

/** An answer without a body (204). */
export const noContent = (description: string) => Type.Null({ description });

export const RoleSchema = StringEnum(ROLES, {
  description: 'reader, writer, admin or owner (each grants more than the one before)',
});
export const ScopeSchema = Type.String({
  pattern: SCOPE_PATTERN,
  minLength: 1,
  maxLength: SCOPE_MAX_LENGTH,
  description: 'an action glob granted on every resource, such as `orders:read` or `deploy:*`',
});
export const MetadataSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'free-form JSON object, at most 4096 bytes and 5 levels deep',
});
export const VerifyCodeSchema = StringEnum(VERIFY_CODES, {
  description:
    'valid, or why not: malformed, not_found, revoked, disabled, expired, not_yet_valid, forbidden, rate_limited, usage_exceeded',
});

export const ProblemSchema = named(
  'Problem',
  'An error (RFC 9457 problem details, application/problem+json). Match on `code`, never on the text.',
  Type.Object({
    type: Type.String({ description: 'URI naming the problem: urn:tessera:problem:<code>' }),
    title: Type.String({ description: "the code's fixed human-readable title" }),
    status: Type.Integer({ description: 'the HTTP status code, repeated' }),
    code: StringEnum(Object.keys(ERROR_CATALOGUE) as ErrorCode[], {
      description: 'stable machine-readable code from the published catalogue',
    }),
    detail: Type.String({ description: 'what went wrong with this request, for people' }),
    request_id: Type.String({ description: 'the X-Request-Id of this request, for support and logs' }),
  }),
);

/** The error statuses a route can answer, each with what it means there. */
const PROBLEM_MEANINGS = {
  400: 'Bad request: malformed or unknown input, a value out of bounds, or a secret in a URL or a field',
  401: 'The bearer token is missing, malformed, unknown, expired or revoked (one indistinguishable answer)',
  403: 'The token is valid but may not do this, or the result would exceed its own permissions',
  404: "No such object, or it belongs to another tenant (the two can't be told apart)",
  409: 'Conflicts with the current state: a cap reached, a revoked token, a key in use, a reused Idempotency-Key',
  412: 'If-Match names a version the object no longer has',
  413: 'The body is larger than 64 KiB',
  415: 'The body is not JSON (or not a media type this operation accepts)',
  422: 'The document is not a valid JSON Merge Patch (RFC 7396) or JSON Patch (RFC 6902)',
  429: "The calling token is over its rate limit; Retry-After and RateLimit-* say when it's allowed again",
  503: 'Storage is unavailable: nothing was done or decided (fail closed); retry later',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_MEANINGS;

/** Statuses every authenticated operation can answer, besides its own. */
export const AUTHENTICATED_PROBLEMS = [400, 401, 403, 429, 503] as const satisfies ProblemStatus[];
/** Statuses every operation that reads a JSON body can answer, besides its own. */
export const BODY_PROBLEMS = [413, 415] as const satisfies ProblemStatus[];

/**
 * The problem answers of a route, as application/problem+json. The serializer picks a schema by the
 * answer's media type, and every problem is sent as application/problem+json (problem.ts).
 */
export function problems(...statuses: readonly ProblemStatus[]) {
  const problem = { 'application/problem+json': { schema: ref(ProblemSchema) } };
  return Object.fromEntries(
    [...new Set(statuses)].map((status) => [
      status,
      { description: PROBLEM_MEANINGS[status], content: problem },
    ]),
  );
}

const countOrNull = (description: string) => Nullable(Type.Integer({ description }));

export const PaginationSchema = named(
  'Pagination',
  'Where a page is in its list. Every key is present whichever paging style was asked; those of other styles are null.',
  Type.Object({
    total_items: Type.Integer({ description: 'items in the whole list' }),
    total_pages: Type.Integer({ description: 'pages in the whole list at this page size' }),
    page: countOrNull('this page, from 1 (page + per_page paging), else null'),
    per_page: countOrNull('the page size (page + per_page paging), else null'),
    limit: countOrNull('the page size (limit + offset or limit + cursor paging), else null'),
    offset: countOrNull('items skipped before this page (limit + offset paging), else null'),
    next_cursor: Nullable(
      Type.String({ description: 'pass as `cursor` for the next page; null on the last page' }),
    ),
  }),
);

/** A list envelope: one page of items and where it is in the list. */
export const listOf = <T extends TSchema>(id: string, description: string, item: Named<T>) =>
  named(
    id,
    description,
    Type.Object({
      data: Type.Array(ref(item), { description: 'the items of this page, newest first' }),
      pagination: ref(PaginationSchema),
    }),
  );

/** The `{id}` of a path, with what it names (`tok_…`, `mem_…`, `ten_…`). */
export const idParams = (description: string) => Type.Object({ id: Type.String({ description }) });
