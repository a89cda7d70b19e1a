// Fastly's wire (fastly-js 13, the seed's TokenResponse): the token as Fastly shows it, the create form
// and the bulk revoke body, and their translation into the native command.
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { formatNullableTimestamp, formatTimestamp } from '../../../core/time.js';
import type { TokenRecord } from '../../../core/token.js';
import { NAME_MAX_LENGTH, TIMESTAMP_MAX_LENGTH } from '../../../core/token-fields.js';
import type { CreateTokenCommand } from '../../../services/tokens/create.js';
import { timestampField } from '../../wire/tokens.js';

/** Fastly's scopes: `global` is the caller's own grants; the others are native scopes of that name. */
export const FASTLY_SCOPES = ['global', 'global:read', 'purge_select', 'purge_all'] as const;

/** Where a token keeps the services it was limited to, to show them again. */
const SERVICES_KEY = 'fastly_services';

const ServiceId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'a Fastly service id' });

export const CreateForm = Type.Union(
  [
    Type.Null(),
    Type.Object(
      {
        name: Type.Optional(
          Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'the token name' }),
        ),
        scope: Type.Optional(
          Type.String({
            maxLength: 200,
            description: 'space-delimited scopes: global (default), global:read, purge_select, purge_all',
          }),
        ),
        services: Type.Optional(
          Type.Array(ServiceId, { maxItems: 50, description: 'service ids the token is limited to' }),
        ),
        expires_at: Type.Optional(
          Type.String({ maxLength: TIMESTAMP_MAX_LENGTH, description: 'when the token expires (RFC 3339)' }),
        ),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'the create form; fastly-js sends it empty' },
);

export interface CreateFormBody {
  readonly name?: string;
  readonly scope?: string;
  readonly services?: readonly string[];
  readonly expires_at?: string;
}

export const BulkRevokeBody = Type.Object(
  {
    data: Type.Array(
      Type.Object(
        {
          type: Type.Literal('token', { description: 'always token' }),
          id: Type.String({ minLength: 1, maxLength: 64, description: 'the id of a token to revoke' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100, description: 'the tokens to revoke' },
    ),
  },
  { additionalProperties: false, description: 'JSON:API bulk body (application/vnd.api+json; ext=bulk)' },
);

const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const TokenResponseSchema = Type.Object(
  {
    id: Type.String({ description: 'the token id' }),
    user_id: Type.String({ description: 'the member the token belongs to' }),
    services: Type.Array(Type.String(), { description: 'the services the token is limited to' }),
    name: Type.String({ description: 'the token name' }),
    scope: Type.String({ description: 'space-delimited scopes' }),
    created_at: Type.String({ description: 'when it was created' }),
    updated_at: Type.String({ description: 'when it last changed' }),
    deleted_at: nullableString('when it was revoked'),
    last_used_at: nullableString('when it was last used'),
    expires_at: nullableString('when it expires'),
    ip: nullableString('the address of its last use'),
    user_agent: nullableString('the User-Agent of its last use'),
  },
  { description: 'TokenResponse' },
);

export const TokenCreatedSchema = Type.Object(
  { ...TokenResponseSchema.properties, access_token: Type.String({ description: 'the secret, shown once' }) },
  { description: 'TokenCreatedResponse' },
);

function servicesOf(token: TokenRecord): string[] {
  const services = token.metadata?.[SERVICES_KEY];
  return Array.isArray(services) ? services.filter((id): id is string => typeof id === 'string') : [];
}

export function tokenResponse(token: TokenRecord) {
  return {
    id: token.id,
    user_id: token.ownerId ?? token.createdByMemberId ?? '',
    services: servicesOf(token),
    name: token.name,
    scope: token.scopes.length === 0 ? 'global' : token.scopes.join(' '),
    created_at: formatTimestamp(token.createdAtMs),
    updated_at: formatTimestamp(token.updatedAtMs),
    deleted_at: formatNullableTimestamp(token.revokedAtMs),
    last_used_at: formatNullableTimestamp(token.lastUsedAtMs),
    expires_at: formatNullableTimestamp(token.expiresAtMs),
    ip: token.lastUsedIp,
    user_agent: token.lastUsedUserAgent,
  };
}

export function tokenCreated(token: TokenRecord, secret: string) {
  return { ...tokenResponse(token), access_token: secret };
}

/** The create form as the native command: scopes, services as a confinement, the expiry. */
export function createCommandOf(form: CreateFormBody | null | undefined): CreateTokenCommand {
  const scopes = (form?.scope ?? 'global').split(' ').filter((scope) => scope !== '');
  const unknown = scopes.find((scope) => !(FASTLY_SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined) throw new TesseraError('invalid_request', `unknown scope ${unknown}`);
  const services = form?.services;
  return {
    name: form?.name,
    // `global` (alone or not) is the caller's own grants: the native default when no grant is named.
    scopes: scopes.length === 0 || scopes.includes('global') ? undefined : scopes,
    expiresAtMs: timestampField('expires_at', form?.expires_at),
    ...(services === undefined || services.length === 0
      ? {}
      : {
          metadata: { [SERVICES_KEY]: [...services] },
          confinedTo: services.flatMap((id) => [`services/${id}`, `services/${id}/*`]),
        }),
  };
}
