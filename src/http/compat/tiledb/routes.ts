// TileDB Cloud v4 — /compat/tiledb (tiledb.client.tokens): create (an api token in a workspace, else a
// session token; 30 minutes unless told), list one type page by page (the Pager stops at an empty
// page), and delete.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../../services/deps.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTokens } from '../../../services/tokens/list.js';
import { BEARER_DOOR, singleHeader } from '../../auth.js';
import { timestampField } from '../../wire/tokens.js';
import { type Dialect, type DialectRoute, pageNumberPaging, revokeRoute } from '../dialect.js';
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
        const issued = await createNewToken(deps, actor, {
          name: wire.name,
          tenantId: wire.workspace_id,
          type: wire.workspace_id === undefined ? 'session' : 'api',
          scopes: nativeScopesOf(wire.scope),
          expiresAtMs: timestampField('expires_at', wire.expires_at),
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
    revokeRoute(deps, {
      urls: ['/tokens/:token_id'],
      param: 'token_id',
      numbered: 'id',
      operationId: 'deleteToken',
      summary: 'Delete a token',
      description: '204 with no body; unknown, another’s or already deleted: 404.',
    }),
  ];
}

export const tiledb: Dialect = {
  name: 'tiledb',
  title: 'TileDB',
  description:
    'TileDB Cloud v4’s token API for tiledb.client.tokens: set the client’s host to this mount and its API key to a Tessera secret (X-TILEDB-REST-API-KEY; Authorization: Bearer works too).',
  securityScheme: { type: 'apiKey', in: 'header', name: 'X-TILEDB-REST-API-KEY' },
  secretOf: (request: FastifyRequest) =>
    singleHeader(request, 'x-tiledb-rest-api-key') ?? BEARER_DOOR.secretOf(request),
  renderError: renderTiledbError,
  routes,
};
