// TileDB Cloud v4's wire (tiledb.client.tokens): APIToken with exactly its fields, the create body,
// and TileDB's scopes, each the native scope of the same string (TileDB's user scopes also carry the
// native token actions, as TileDB tokens belong to their user).
import { Type } from 'typebox';
import { formatTimestamp } from '../../../core/time.js';
import type { TokenRecord } from '../../../core/token.js';
import { TIMESTAMP_MAX_LENGTH } from '../../../core/token-fields.js';
import { keyField } from '../dialect.js';

/** TileDB's TokenScope values, each with the native token actions it also carries. */
const SCOPES: Readonly<Record<string, readonly string[]>> = {
  '*': [],
  password_reset: [],
  confirm_email: [],
  'user:read': ['tokens:read'],
  'user:read-write': ['tokens:read', 'tokens:write'],
  'user:admin': ['tokens:read', 'tokens:write'],
  'array:read': [],
  'array:read-write': [],
  'array:admin': [],
  'organization:read': [],
  'organization:read-write': [],
  'organization:admin': [],
  'group:read': [],
  'group:read-write': [],
  'group:admin': [],
};
export const TILEDB_SCOPES = Object.keys(SCOPES);

/** The native scopes of a TileDB scope; `*` is none: the caller's own grants (the native default). */
export function nativeScopesOf(scope: string): readonly string[] | undefined {
  return scope === '*' ? undefined : [scope, ...(SCOPES[scope] ?? [])];
}

/** The one TileDB scope a token's native scopes are, or `*` when they are not exactly one. */
function tiledbScopeOf(token: TokenRecord): string {
  const held = [...token.scopes].sort().join(' ');
  const match = TILEDB_SCOPES.find(
    (scope) => scope !== '*' && [scope, ...SCOPES[scope]!].sort().join(' ') === held,
  );
  return match ?? '*';
}

/** v4 requires a date-time: a token that never expires shows the end of time. */
const NEVER = '9999-12-31T23:59:59Z';

export const CreateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the token name' })),
    scope: Type.String({ enum: TILEDB_SCOPES, description: 'one TokenScope' }),
    workspace_id: Type.Optional(
      Type.String({ maxLength: 64, description: 'given: an api token of this workspace (your tenant id)' }),
    ),
    expires_at: Type.Optional(
      Type.String({ maxLength: TIMESTAMP_MAX_LENGTH, description: 'when it expires; default 30 minutes' }),
    ),
  },
  { additionalProperties: false, description: 'the create body' },
);

export const APITokenSchema = Type.Object(
  {
    token_id: Type.String({ description: 'the token id' }),
    name: Type.String({ description: 'the name' }),
    created_at: Type.String({ description: 'when it was created' }),
    expires_at: Type.String({ description: 'when it expires (9999-12-31T23:59:59Z: never)' }),
    api_key: Type.String({ description: 'the secret on create; ****+hint elsewhere' }),
    scope: Type.String({ description: 'its TokenScope' }),
    workspace_id: Type.Optional(Type.String({ description: 'the workspace of an api token' })),
  },
  { description: 'APIToken' },
);

export function apiToken(token: TokenRecord, secret?: string) {
  return {
    token_id: token.id,
    name: token.name,
    created_at: formatTimestamp(token.createdAtMs),
    expires_at: token.expiresAtMs === null ? NEVER : formatTimestamp(token.expiresAtMs),
    api_key: keyField(token, secret),
    scope: tiledbScopeOf(token),
    ...(token.type === 'api' ? { workspace_id: token.tenantId } : {}),
  };
}
