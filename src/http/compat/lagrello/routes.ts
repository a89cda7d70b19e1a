// Lagrello — /compat/lagrello (lagrello_client): create (ADMIN only, a permanent token under the cap),
// list (the tenant's for an admin, the caller's own otherwise) with absolute paging links, and delete by
// the key create returned or the key a listing shows.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../../services/deps.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTokens } from '../../../services/tokens/list.js';
import { BEARER_DOOR } from '../../auth.js';
import {
  type Dialect,
  type DialectRoute,
  linkTo,
  neighbourOffsets,
  pageNumberPaging,
  revokeRoute,
} from '../dialect.js';
import { renderLagrelloError } from './errors.js';
import { CreateBody, type CreateBodyWire, roleOf, TokenSchema, vendorToken } from './wire.js';

function routes(deps: Deps): DialectRoute[] {
  return [
    {
      method: 'POST',
      urls: ['/v1/tokens'],
      operationId: 'createToken',
      summary: 'Create a token',
      description:
        'Needs ADMIN. permissions map to the native role of the highest one (READ reader, WRITE writer, ADMIN admin). The token never expires; answers 200 with the secret as tokenKey.',
      body: CreateBody,
      answersSecrets: true,
      responses: { 200: { description: 'created', schema: TokenSchema } },
      handle: async ({ actor, body }) => {
        const wire = body as CreateBodyWire;
        const issued = await createNewToken(
          deps,
          actor,
          { name: wire.tokenName, role: roleOf(wire.permissions), lifetime: 'permanent' },
          { requiredRole: 'admin' },
        );
        return { status: 200, body: vendorToken(issued.token, issued.secret) };
      },
    },
    {
      method: 'GET',
      urls: ['/v1/tokens'],
      operationId: 'listTokens',
      summary: 'List tokens',
      description:
        "Every active token of the tenant for an admin or owner, the caller's own otherwise; size 1–20 (default 20), page from 1.",
      querystring: Type.Object({
        size: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'page size, default 20' })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'from 1' })),
      }),
      responses: {
        200: {
          description: 'one page',
          schema: Type.Object({
            data: Type.Array(TokenSchema),
            paging: Type.Unknown({ description: 'previous, next' }),
          }),
        },
      },
      handle: async ({ actor, query, request }) => {
        const size = (query.size as number | undefined) ?? 20;
        const paging = pageNumberPaging((query.page as number | undefined) ?? 1, size);
        const page = await listTokens(deps, actor, { filters: {}, paging, showAll: 'when-admin' });
        const { previous, next } = neighbourOffsets(paging, page.totalItems);
        const link = (offset: number | null) =>
          offset === null ? '' : linkTo(request, { size: String(size), page: String(offset / size + 1) });
        return {
          status: 200,
          body: {
            data: page.items.map((token) => vendorToken(token)),
            paging: { previous: link(previous), next: link(next) },
          },
        };
      },
    },
    revokeRoute(deps, {
      urls: ['/v1/tokens/:id'],
      param: 'id',
      numbered: 'id',
      operationId: 'deleteToken',
      summary: 'Delete a token',
      description:
        'id is the tokenKey create returned (the secret) or the tokenKey a listing shows (the token id). Unknown: 404.',
    }),
  ];
}

export const lagrello: Dialect = {
  name: 'lagrello',
  title: 'Lagrello',
  description:
    'Lagrello’s token API for lagrello_client: set the Configuration’s host to this mount and its access token to a Tessera secret (Authorization: Bearer).',
  securityScheme: { type: 'http', scheme: 'bearer' },
  secretOf: (request: FastifyRequest) => BEARER_DOOR.secretOf(request),
  renderError: renderLagrelloError,
  routes,
};
