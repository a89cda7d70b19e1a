// TileDB Cloud v4 — /compat/tiledb (tiledb.client.tokens): create (an api token in a workspace, else a
// session token; 30 minutes unless told), list one type page by page (the Pager stops at an empty
// page), and delete.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { parseTimestamp } from '../../../core/time.js';
import type { Deps } from '../../../services/deps.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTokens } from '../../../services/tokens/list.js';
import { revokeToken } from '../../../services/tokens/revoke.js';
import { schemeReader, singleHeader } from '../../auth.js';
import { type Dialect, type DialectRoute, pageNumberPaging } from '../dialect.js';
import { renderTiledbError } from './errors.js';
import { APITokenSchema, apiToken, CreateBody, nativeScopesOf } from './wire.js';

interface CreateBodyWire {
  readonly name?: string;
  readonly scope: string;
  readonly workspace_id?: string;
  readonly expires_at?: string;
}

function routes(deps: Deps): DialectRoute[] {
  return [
    {
      method: 'POST',
      urls: ['/tokens'],
      operationId: 'createToken',
      summary: 'Create a token',
      description:
        'scope is required. With workspace_id (your tenant id) an api token, without a session token; either lives 30 minutes unless expires_at says otherwise.',
      body: CreateBody,
      answersSecrets: true,
      responses: {
        201: { description: 'created: {"data": APIToken}', schema: Type.Object({ data: APITokenSchema }) },
      },
      handle: async ({ actor, body }) => {
        const wire = body as CreateBodyWire;
        if (wire.workspace_id !== undefined && wire.workspace_id !== actor.tenantId)
          throw new TesseraError('not_found', 'no such workspace');
        let expiresAtMs: number | undefined;
        if (wire.expires_at !== undefined) {
          expiresAtMs = parseTimestamp(wire.expires_at) ?? undefined;
          if (expiresAtMs === undefined)
            throw new TesseraError('invalid_request', 'expires_at must be an RFC 3339 timestamp');
        }
        const issued = await createNewToken(deps, actor, {
          name: wire.name,
          type: wire.workspace_id === undefined ? 'session' : 'api',
          scopes: nativeScopesOf(wire.scope),
          expiresAtMs,
          expiryDefault: 'short-lived',
        });
        return { status: 201, body: { data: apiToken(issued.token, issued.secret) } };
      },
    },
    {
      method: 'GET',
      urls: ['/tokens'],
      operationId: 'getTokens',
      summary: "List the caller's tokens of one type",
      description: 'type is required; page is echoed; a page past the end is 200 with data: [].',
      querystring: Type.Object({
        type: Type.String({ enum: ['api', 'session'], description: 'api or session' }),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'from 1' })),
        per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'default 25' })),
      }),
      responses: {
        200: { description: 'one page', schema: Type.Object({ data: Type.Array(APITokenSchema) }) },
      },
      handle: async ({ actor, query }) => {
        const page = (query.page as number | undefined) ?? 1;
        const perPage = (query.per_page as number | undefined) ?? 25;
        const listed = await listTokens(deps, actor, {
          filters: { type: query.type as 'api' | 'session' },
          paging: pageNumberPaging(page, perPage),
        });
        return {
          status: 200,
          body: {
            data: listed.items.map((token) => apiToken(token)),
            pagination_metadata: {
              page,
              per_page: perPage,
              total_pages: Math.ceil(listed.totalItems / perPage),
              total_items: listed.totalItems,
            },
          },
        };
      },
    },
    {
      method: 'DELETE',
      urls: ['/tokens/:token_id'],
      operationId: 'deleteToken',
      summary: 'Delete a token',
      description: '204 with no body; unknown, another’s or already deleted: 404.',
      params: Type.Object({ token_id: Type.String({ maxLength: 64, description: 'the token id' }) }),
      responses: { 204: { description: 'deleted' } },
      handle: async ({ actor, params }) => {
        await revokeToken(deps, actor, params.token_id!, undefined, 'gone');
        return { status: 204 };
      },
    },
  ];
}

const bearerOf = schemeReader('Bearer');

export const tiledb: Dialect = {
  name: 'tiledb',
  title: 'TileDB',
  description:
    'TileDB Cloud v4’s token API for tiledb.client.tokens: set the client’s host to this mount and its API key to a Tessera secret (X-TILEDB-REST-API-KEY; Authorization: Bearer works too).',
  securityScheme: { type: 'apiKey', in: 'header', name: 'X-TILEDB-REST-API-KEY' },
  secretOf: (request: FastifyRequest) =>
    singleHeader(request, 'x-tiledb-rest-api-key') ?? bearerOf(singleHeader(request, 'authorization')),
  renderError: renderTiledbError,
  routes,
};
