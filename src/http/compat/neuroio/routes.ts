// NeuroIO — /compat/neuroio (@neuroio/rest-api 4.2.2 `tokens`, Python neuroio 0.1.2): create (temporary
// or permanent, NeuroIO counting the cap), list, read by id or by key, update is_active (PUT or PATCH),
// delete one by id or key, and delete_list (the calling token included). Paths take a trailing slash
// and work without it.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../../services/actor.js';
import type { Deps } from '../../../services/deps.js';
import { getToken, resolveTokenReference } from '../../../services/tokens/access.js';
import { patchToken } from '../../../services/tokens/change.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTokens } from '../../../services/tokens/list.js';
import { revokeMatching } from '../../../services/tokens/revoke.js';
import { schemeReader, singleHeader } from '../../auth.js';
import { type Dialect, type DialectRoute, offsetPaging, revokeRoute, tokenReferenceOf } from '../dialect.js';
import { renderNeuroioError } from './errors.js';
import { CreateBody, flagValue, PermanentQuery, TokenSchema, UpdateBody, vendorToken } from './wire.js';

const IdOrKey = Type.Object({
  id_or_key: Type.String({ maxLength: 1024, description: 'the token’s integer id, or its whole key' }),
});
const both = (path: string) => [`${path}/`, path];

/** The token an `{id_or_key}` names (its serial, or its secret), as the caller may reach it. */
const tokenIdOf = (deps: Deps, actor: Actor, segment: string) =>
  resolveTokenReference(deps, actor, tokenReferenceOf(segment, 'serial'));

function routes(deps: Deps): DialectRoute[] {
  const update = (method: 'PUT' | 'PATCH', operationId: string, summary: string): DialectRoute => ({
    method,
    urls: both('/v1/tokens/:id_or_key'),
    operationId,
    summary,
    description:
      'Changes is_active (JSON, or a form from the Python client). An inactive token answers 401 and stays readable.',
    params: IdOrKey,
    body: UpdateBody,
    acceptsSecrets: true,
    responses: { 200: { description: 'the token as it is now', schema: TokenSchema } },
    handle: async ({ actor, params, body }) => {
      const id = await tokenIdOf(deps, actor, params.id_or_key!);
      const token = await patchToken(deps, actor, id, {
        format: 'merge',
        document: { is_active: flagValue((body as { is_active: unknown }).is_active) ?? false },
        revoked: 'gone',
      });
      return { status: 200, body: vendorToken(token) };
    },
  });
  return [
    {
      method: 'POST',
      urls: both('/v1/tokens'),
      operationId: 'createToken',
      summary: 'Create a token',
      description:
        'Temporary (24 hours) unless permanent: true. A member holds at most 5 permanent tokens, counted as NeuroIO counts: every unrevoked permanent one, the calling token included.',
      body: CreateBody,
      answersSecrets: true,
      responses: { 201: { description: 'created, with its key', schema: TokenSchema } },
      handle: async ({ actor, body }) => {
        const permanent = flagValue((body as { permanent?: unknown } | undefined)?.permanent) === true;
        const issued = await createNewToken(
          deps,
          actor,
          { lifetime: permanent ? 'permanent' : 'temporary' },
          { capCounting: 'every-permanent' },
        );
        return { status: 201, body: vendorToken(issued.token, issued.secret) };
      },
    },
    {
      method: 'GET',
      urls: both('/v1/tokens'),
      operationId: 'getTokens',
      summary: "List the caller's tokens",
      description: 'A bare array, newest first; limit (default 20, at most 100) and offset.',
      querystring: Type.Object({
        permanent: PermanentQuery,
        limit: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 100, description: 'page size, default 20' }),
        ),
        offset: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'tokens to skip' }),
        ),
      }),
      responses: {
        200: { description: 'the tokens', schema: Type.Array(TokenSchema, { description: 'tokens' }) },
      },
      handle: async ({ actor, query }) => {
        const page = await listTokens(deps, actor, {
          filters: { permanent: flagValue(query.permanent) },
          paging: offsetPaging(
            (query.limit as number | undefined) ?? 20,
            (query.offset as number | undefined) ?? 0,
          ),
        });
        return { status: 200, body: page.items.map((token) => vendorToken(token)) };
      },
    },
    {
      method: 'DELETE',
      urls: both('/v1/tokens'),
      operationId: 'deleteTokens',
      summary: 'Delete the caller’s tokens (delete_list)',
      description: 'Revokes every matching token of the caller, the calling token included when it matches.',
      querystring: Type.Object({ permanent: PermanentQuery }),
      responses: { 204: { description: 'deleted' } },
      handle: async ({ actor, query }) => {
        await revokeMatching(deps, actor, {
          filters: { permanent: flagValue(query.permanent) },
          includeSelf: true,
        });
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      urls: both('/v1/tokens/:id_or_key'),
      operationId: 'getToken',
      summary: 'Get a token by id or by key',
      description: 'No key in the answer. Unknown, another tenant’s or deleted: 404.',
      params: IdOrKey,
      acceptsSecrets: true,
      responses: { 200: { description: 'the token', schema: TokenSchema } },
      handle: async ({ actor, params }) => {
        const id = await tokenIdOf(deps, actor, params.id_or_key!);
        return { status: 200, body: vendorToken(await getToken(deps, actor, id, 'gone')) };
      },
    },
    update('PUT', 'updateToken', 'Update a token (the JS client)'),
    update('PATCH', 'patchToken', 'Update a token (the Python client)'),
    revokeRoute(deps, {
      urls: both('/v1/tokens/:id_or_key'),
      param: 'id_or_key',
      numbered: 'serial',
      operationId: 'deleteToken',
      summary: 'Delete a token by id or by key',
      description: 'Its key is refused afterwards. Unknown, another tenant’s or already deleted: 404.',
    }),
  ];
}

const tokenOf = schemeReader('Token');

export const neuroio: Dialect = {
  name: 'neuroio',
  title: 'NeuroIO',
  description:
    'NeuroIO’s token API for @neuroio/rest-api (tokens.setAuthURL to this mount + /v1/) and Python neuroio: authenticate with `Authorization: Token <secret>` (or the JS client’s `token` header). A token’s integer id is its Tessera serial.',
  securityScheme: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <secret>' },
  secretOf: (request: FastifyRequest) =>
    tokenOf(singleHeader(request, 'authorization')) ?? tokenOf(singleHeader(request, 'token')),
  renderError: renderNeuroioError,
  routes,
};
