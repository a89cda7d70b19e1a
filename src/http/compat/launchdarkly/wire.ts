// LaunchDarkly's wire (launchdarkly-api-typescript 17.2.0): the Token as LaunchDarkly shows it (nothing
// null: empty lists, absent fields), AccessTokenPost, and its JSON Patch over LaunchDarkly's own field
// names, each translated into the native command or patch.
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import type { Json } from '../../../core/json-patch.js';
import { ROLES } from '../../../core/permissions.js';
import type { PolicyStatement } from '../../../core/policy.js';
import { creatorOf, type TokenRecord } from '../../../core/token.js';
import {
  DESCRIPTION_MAX_LENGTH,
  MAX_CUSTOM_ROLES,
  MAX_DEFAULT_API_VERSION,
  NAME_MAX_LENGTH,
} from '../../../core/token-fields.js';
import type { CreateTokenCommand } from '../../../services/tokens/create.js';
import { keyField } from '../dialect.js';

const Globs = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 50, description }));

/** A policy statement in LaunchDarkly's camelCase. */
export const StatementSchema = Type.Object(
  {
    effect: Type.Union([Type.Literal('allow'), Type.Literal('deny')], { description: 'allow or deny' }),
    actions: Globs('action globs'),
    notActions: Globs('every action but these'),
    resources: Globs('resource globs'),
    notResources: Globs('every resource but these'),
  },
  { additionalProperties: false, description: 'a policy statement' },
);

export const AccessTokenPostSchema = Type.Union([
  Type.Null(),
  Type.Object(
    {
      name: Type.Optional(
        Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'the token name' }),
      ),
      description: Type.Optional(
        Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'what it is for' }),
      ),
      role: Type.Optional(
        Type.Union([Type.Literal('reader'), Type.Literal('writer'), Type.Literal('admin')], {
          description: 'its role',
        }),
      ),
      customRoleIds: Type.Optional(
        Type.Array(Type.String({ maxLength: 64 }), {
          maxItems: MAX_CUSTOM_ROLES,
          description: 'custom role keys',
        }),
      ),
      inlineRole: Type.Optional(Type.Array(StatementSchema, { maxItems: 50, description: 'its own policy' })),
      serviceToken: Type.Optional(Type.Boolean({ description: 'a service token, owned by the account' })),
      defaultApiVersion: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: MAX_DEFAULT_API_VERSION,
          description: 'its default API version',
        }),
      ),
    },
    { additionalProperties: false, description: 'AccessTokenPost' },
  ),
]);

export interface AccessTokenPost {
  readonly name?: string;
  readonly description?: string;
  readonly role?: 'reader' | 'writer' | 'admin';
  readonly customRoleIds?: readonly string[];
  readonly inlineRole?: readonly Json[];
  readonly serviceToken?: boolean;
  readonly defaultApiVersion?: number;
}

/** LaunchDarkly's names of a statement's fields, and the native ones. */
const STATEMENT_FIELDS: readonly (readonly [string, string])[] = [
  ['effect', 'effect'],
  ['actions', 'actions'],
  ['notActions', 'not_actions'],
  ['resources', 'resources'],
  ['notResources', 'not_resources'],
];

function renameKeys(value: Json, names: readonly (readonly [string, string])[], from: 0 | 1): Json {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, names, from));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      names.find((pair) => pair[from] === key)?.[1 - from] ?? key,
      item,
    ]),
  ) as Json;
}

/** Statements as LaunchDarkly writes them, in the native shape (and back). */
export const toNativeStatements = (statements: readonly Json[]): Json[] =>
  statements.map((statement) => renameKeys(statement, STATEMENT_FIELDS, 0));
const toVendorStatements = (statements: readonly PolicyStatement[]): Json[] =>
  statements.map((statement) => renameKeys(statement as unknown as Json, STATEMENT_FIELDS, 1));

export function createCommandOf(body: AccessTokenPost | null | undefined): CreateTokenCommand {
  return {
    name: body?.name,
    description: body?.description,
    role: body?.role,
    customRoleKeys: body?.customRoleIds,
    policy: body?.inlineRole === undefined ? undefined : toNativeStatements(body.inlineRole),
    service: body?.serviceToken,
    defaultApiVersion: body?.defaultApiVersion,
  };
}

/** The Token's own fields a JSON Patch may address, and the native field each one is. */
const PATCHABLE: Readonly<Record<string, string>> = {
  name: 'name',
  description: 'description',
  role: 'role',
  customRoleIds: 'custom_roles',
  inlineRole: 'policy',
  defaultApiVersion: 'default_api_version',
};

/** A JSON Pointer over the Token, as the same pointer over the native token. */
function nativePointer(pointer: unknown): string {
  if (typeof pointer !== 'string' || !pointer.startsWith('/'))
    throw new TesseraError('invalid_patch', 'a JSON Patch path is a JSON Pointer such as /name');
  const [field = '', ...rest] = pointer.slice(1).split('/');
  const native = PATCHABLE[field];
  if (native === undefined) throw new TesseraError('invalid_request', `/${field} cannot be patched`);
  // Inside inlineRole: /inlineRole/0/notActions is /policy/0/not_actions.
  const inner =
    native === 'policy'
      ? rest.map((segment) => STATEMENT_FIELDS.find(([vendor]) => vendor === segment)?.[1] ?? segment)
      : rest;
  return ['', native, ...inner].join('/');
}

/** A JSON Patch over the Token's names, as the same patch over the native token. */
export function nativePatchOf(body: unknown): Json {
  if (!Array.isArray(body))
    throw new TesseraError('invalid_patch', 'send a JSON Patch: an array of operations');
  return body.map((operation: Json) => {
    if (operation === null || typeof operation !== 'object' || Array.isArray(operation))
      throw new TesseraError('invalid_patch', 'each JSON Patch operation is an object');
    const translated: Record<string, Json> = { ...operation, path: nativePointer(operation.path) };
    if (operation.from !== undefined) translated.from = nativePointer(operation.from);
    if (operation.value !== undefined && translated.path?.toString().startsWith('/policy'))
      translated.value = renameKeys(operation.value, STATEMENT_FIELDS, 0);
    return translated;
  });
}

/** A member as a Token's `_member` shows it. */
export interface TokenMember {
  readonly id: string;
  readonly role: string;
  readonly email: string;
}

/** LaunchDarkly's Token: nothing null; empty lists where there is nothing, unset fields left out. */
export function vendorToken(
  mount: string,
  token: TokenRecord,
  member: TokenMember | undefined,
  secret?: string,
): Record<string, unknown> {
  const memberId = (token.service ? creatorOf(token) : token.ownerId) ?? '';
  const link = (href: string) => ({ href, type: 'application/json' });
  return {
    _id: token.id,
    ownerId: token.tenantId,
    memberId,
    _member: {
      _links: { self: link(`${mount}/api/v2/members/${memberId}`) },
      _id: memberId,
      role: member?.role ?? '',
      email: member?.email ?? '',
    },
    name: token.name,
    ...(token.description === null ? {} : { description: token.description }),
    creationDate: token.createdAtMs,
    lastModified: token.updatedAtMs,
    customRoleIds: token.customRoles ?? [],
    inlineRole: toVendorStatements(token.policy ?? []),
    ...(token.role === null ? {} : { role: token.role }),
    token: keyField(token, secret),
    serviceToken: token.service,
    ...(token.defaultApiVersion === null ? {} : { defaultApiVersion: token.defaultApiVersion }),
    ...(token.lastUsedAtMs === null ? {} : { lastUsed: token.lastUsedAtMs }),
    _links: {
      self: link(`${mount}/api/v2/tokens/${token.id}`),
      parent: link(`${mount}/api/v2/tokens`),
    },
  };
}

export const TokenSchema = Type.Object(
  {
    _id: Type.String({ description: 'the token id' }),
    ownerId: Type.String({ description: 'the account (tenant) id' }),
    memberId: Type.String({ description: 'the member it belongs to (a service token: its creator)' }),
    _member: Type.Unknown({ description: 'that member: _links, _id, role, email' }),
    name: Type.Optional(Type.String({ description: 'the name' })),
    description: Type.Optional(Type.String({ description: 'the description' })),
    creationDate: Type.Integer({ description: 'created, ms since the epoch' }),
    lastModified: Type.Integer({ description: 'last changed, ms since the epoch' }),
    customRoleIds: Type.Array(Type.String(), { description: 'custom role keys' }),
    inlineRole: Type.Array(StatementSchema, { description: 'its own policy' }),
    role: Type.Optional(Type.String({ enum: [...ROLES], description: 'its role' })),
    token: Type.String({ description: 'the secret on create and reset; ****+hint elsewhere' }),
    serviceToken: Type.Boolean({ description: 'whether it is a service token' }),
    defaultApiVersion: Type.Optional(Type.Integer({ description: 'its default API version' })),
    lastUsed: Type.Optional(Type.Integer({ description: 'last used, ms since the epoch' })),
    _links: Type.Unknown({ description: 'self and parent' }),
  },
  { description: 'Token' },
);

export const TokensSchema = Type.Object(
  {
    items: Type.Array(TokenSchema, { description: 'this page' }),
    _links: Type.Unknown({ description: 'self, and next and prev where there are such pages' }),
    totalCount: Type.Integer({ description: 'tokens in the whole listing' }),
  },
  { description: 'Tokens' },
);
