// Fastly — /compat/fastly (fastly 13.0.0, fastly-js's TokensApi): the caller's token, the caller's and
// the customer's listings, create (an empty form is enough), read, revoke one, itself or in bulk.

import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../../services/deps.js';
import { getToken, readSelf } from '../../../services/tokens/access.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTenantTokens, listTokens } from '../../../services/tokens/list.js';
import { revokeEach, revokeSelf } from '../../../services/tokens/revoke.js';
import { singleHeader } from '../../auth.js';
import { type Dialect, type DialectRoute, everyPage, revokeRoute } from '../dialect.js';
import { renderFastlyError } from './errors.js';
import {
  BulkRevokeBody,
  CreateForm,
  type CreateFormBody,
  createCommandOf,
  TokenCreatedSchema,
  TokenResponseSchema,
  tokenCreated,
  tokenResponse,
} from './wire.js';

const TokenId = Type.Object({ token_id: Type.String({ maxLength: 64, description: 'the token id' }) });
const TokenList = Type.Array(TokenResponseSchema, { description: 'every token of the listing' });

function routes(deps: Deps): DialectRoute[] {
  return [
    {
      method: 'GET',
      urls: ['/tokens/self'],
      operationId: 'getTokenCurrent',
      summary: 'Get the current token',
      description: 'The token making the request.',
      responses: { 200: { description: 'the calling token', schema: TokenResponseSchema } },
      handle: async ({ actor }) => ({ status: 200, body: tokenResponse(readSelf(actor)) }),
    },
    {
      method: 'DELETE',
      urls: ['/tokens/self'],
      operationId: 'revokeTokenCurrent',
      summary: 'Revoke the current token',
      description: 'Every token may revoke itself.',
      responses: { 204: { description: 'revoked' } },
      handle: async ({ actor }) => {
        await revokeSelf(deps, actor);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      urls: ['/tokens'],
      operationId: 'listTokensUser',
      summary: "List the caller's tokens",
      description:
        'Every unrevoked token of the calling member (a service token: the tenant’s service tokens), newest first.',
      responses: { 200: { description: 'a bare array of tokens', schema: TokenList } },
      handle: async ({ actor }) => {
        const tokens = await everyPage((paging) => listTokens(deps, actor, { filters: {}, paging }));
        return { status: 200, body: tokens.map(tokenResponse) };
      },
    },
    {
      method: 'GET',
      urls: ['/customer/:customer_id/tokens'],
      operationId: 'listTokensCustomer',
      summary: "List the customer's tokens",
      description:
        'Every unrevoked token of the tenant (customer_id is the tenant id): its admins and owners only.',
      params: Type.Object({ customer_id: Type.String({ maxLength: 64, description: 'the tenant id' }) }),
      responses: { 200: { description: 'a bare array of tokens', schema: TokenList } },
      handle: async ({ actor, params }) => {
        const tokens = await everyPage((paging) =>
          listTenantTokens(deps, actor, params.customer_id!, { filters: {}, paging }),
        );
        return { status: 200, body: tokens.map(tokenResponse) };
      },
    },
    {
      method: 'POST',
      urls: ['/tokens'],
      operationId: 'createToken',
      summary: 'Create a token',
      description:
        'Form-urlencoded or JSON, every field optional (fastly-js sends an empty form). scope global is the caller’s own grants; ' +
        'services[] limits the token to those services. Answers 200 with the secret as access_token.',
      body: CreateForm,
      answersSecrets: true,
      responses: { 200: { description: 'created', schema: TokenCreatedSchema } },
      handle: async ({ actor, body }) => {
        const issued = await createNewToken(deps, actor, createCommandOf(body as CreateFormBody | undefined));
        return { status: 200, body: tokenCreated(issued.token, issued.secret) };
      },
    },
    {
      method: 'DELETE',
      urls: ['/tokens'],
      operationId: 'bulkRevokeTokens',
      summary: 'Revoke tokens in bulk',
      description:
        'Body {"data": [{"type": "token", "id": …}]} as application/vnd.api+json; ext=bulk. Every token named must be one the caller may revoke; else 400 and none is revoked.',
      body: BulkRevokeBody,
      responses: { 204: { description: 'every token named is revoked' } },
      handle: async ({ actor, body }) => {
        const { data } = body as { data: { id: string }[] };
        await revokeEach(
          deps,
          actor,
          data.map((item) => item.id),
        );
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      urls: ['/tokens/:token_id'],
      operationId: 'getToken',
      summary: 'Get a token',
      description: 'No secret. A revoked token, or one of another tenant, is a 404.',
      params: TokenId,
      responses: { 200: { description: 'the token', schema: TokenResponseSchema } },
      handle: async ({ actor, params }) => ({
        status: 200,
        body: tokenResponse(await getToken(deps, actor, params.token_id!, 'gone')),
      }),
    },
    revokeRoute(deps, {
      urls: ['/tokens/:token_id'],
      param: 'token_id',
      numbered: 'id',
      operationId: 'revokeToken',
      summary: 'Revoke a token',
      description: 'Its secret stops at once. A revoked token, or one of another tenant, is a 404.',
    }),
  ];
}

export const fastly: Dialect = {
  name: 'fastly',
  title: 'Fastly',
  description:
    'Fastly’s token API for fastly-js (and fastly-py): point the client’s ApiClient at this mount (fastly-js fixes its base path per operation, so rewrite it with an ApiClient plugin) and authenticate with a Tessera secret as the Fastly-Key.',
  securityScheme: { type: 'apiKey', in: 'header', name: 'Fastly-Key' },
  secretOf: (request: FastifyRequest) => singleHeader(request, 'fastly-key'),
  renderError: renderFastlyError,
  routes,
};
