// /v1/tokens: create, list, read, revoke, and the calling token itself.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../core/errors.js';
import { etagOf, type TokenRecord, toPublicToken } from '../../core/token.js';
import type { Deps } from '../../services/deps.js';
import type { IssuedToken } from '../../services/tokens.js';
import { createToken, getToken, listTokens, revokeSelf, revokeToken } from '../../services/tokens.js';
import type { TokenFilters } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { listAnswer, PagingQuery, resolvePaging } from '../pagination.js';
import {
  authErrors,
  IdParams,
  listOf,
  MetadataSchema,
  ProblemSchema,
  RoleSchema,
  ScopeSchema,
  TokenSchema,
  TokenWithSecretSchema,
} from '../schemas.js';

const CreateTokenBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    type: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('session')])),
    lifetime: Type.Optional(Type.Union([Type.Literal('temporary'), Type.Literal('permanent')])),
    ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: 315_360_000, description: 'whole seconds' })),
    expires_at: Type.Optional(Type.String({ maxLength: 64, description: 'RFC 3339' })),
    not_before: Type.Optional(Type.String({ maxLength: 64, description: 'RFC 3339' })),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 50 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

const Bool = Type.Boolean();
const ListTokensQuery = Type.Object(
  {
    ...PagingQuery,
    type: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('session')])),
    kind: Type.Optional(
      Type.Union([Type.Literal('account'), Type.Literal('space'), Type.Literal('manager')]),
    ),
    lifetime: Type.Optional(Type.Union([Type.Literal('temporary'), Type.Literal('permanent')])),
    permanent: Type.Optional(Bool),
    active: Type.Optional(Bool),
    expired: Type.Optional(Bool),
    revoked: Type.Optional(Bool),
    name_prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

function filtersOf(query: {
  type?: 'api' | 'session';
  kind?: 'account' | 'space' | 'manager';
  lifetime?: 'temporary' | 'permanent';
  permanent?: boolean;
  active?: boolean;
  expired?: boolean;
  revoked?: boolean;
  name_prefix?: string;
}): TokenFilters {
  const fromLifetime = query.lifetime === undefined ? undefined : query.lifetime === 'permanent';
  if (fromLifetime !== undefined && query.permanent !== undefined && fromLifetime !== query.permanent) {
    throw new TesseraError('invalid_query', 'lifetime and permanent disagree');
  }
  return {
    type: query.type,
    kind: query.kind,
    permanent: query.permanent ?? fromLifetime,
    active: query.active,
    expired: query.expired,
    revoked: query.revoked,
    namePrefix: query.name_prefix,
  };
}

export function withSecret(issued: IssuedToken) {
  return { ...toPublicToken(issued.token), secret: issued.secret };
}

const tokenRead = (token: TokenRecord) => ({ etag: etagOf(token), body: toPublicToken(token) });

export function registerTokenRoutes(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a token; the answer carries its secret, shown this once',
        body: CreateTokenBody,
        response: { 201: TokenWithSecretSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const issued = await createToken(deps, actorOf(request), request.body as never);
      reply.header('cache-control', 'no-store').header('etag', etagOf(issued.token));
      return reply.status(201).send(withSecret(issued));
    },
  );

  app.get(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "List the calling member's tokens",
        querystring: ListTokensQuery,
        response: { 200: listOf(TokenSchema), ...authErrors },
      },
    },
    async (request, reply) => {
      const query = request.query as Parameters<typeof filtersOf>[0] & Parameters<typeof resolvePaging>[0];
      const paging = resolvePaging(query);
      const page = await listTokens(deps, actorOf(request), {
        filters: filtersOf(query),
        limit: paging.limit,
        offset: paging.offset,
      });
      return listAnswer(request, reply, paging, page, toPublicToken);
    },
  );

  app.get(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        summary: 'The token making this request',
        response: { 200: TokenSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { etag, body } = tokenRead(actorOf(request).token);
      return reply.header('etag', etag).send(body);
    },
  );

  app.delete(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke the token making this request',
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await revokeSelf(deps, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Read one token',
        params: IdParams,
        response: { 200: TokenSchema, ...authErrors, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { etag, body } = tokenRead(await getToken(deps, actorOf(request), id));
      return reply.header('etag', etag).send(body);
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (idempotent; the record stays for audit)',
        params: IdParams,
        response: { 204: Type.Null(), ...authErrors, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      await revokeToken(deps, actorOf(request), id);
      return reply.status(204).send();
    },
  );
}
