// Token listings and bulk revocation: the same filters and scope for both, and the tenant-wide list.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { toPublicToken } from '../../../core/token.js';
import { NAME_MAX_LENGTH } from '../../../core/token-fields.js';
import type { Deps } from '../../../services/deps.js';
import { listTenantTokens, listTokens } from '../../../services/tokens/list.js';
import { revokeMatching } from '../../../services/tokens/revoke.js';
import type { TokenFilters } from '../../../store/store.js';
import { actorOf } from '../../auth.js';
import { CursorPagingQuery, listAnswer, type PagingParams, resolvePaging } from '../../pagination.js';
import { authErrors, listOf, ProblemSchema, TokenSchema } from '../../schemas.js';

const Bool = Type.Boolean();
const FilterQuery = {
  type: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('session')])),
  kind: Type.Optional(Type.Union([Type.Literal('account'), Type.Literal('space'), Type.Literal('manager')])),
  lifetime: Type.Optional(Type.Union([Type.Literal('temporary'), Type.Literal('permanent')])),
  permanent: Type.Optional(Bool),
  active: Type.Optional(Bool),
  expired: Type.Optional(Bool),
  revoked: Type.Optional(Bool),
  owner: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'member id (another member: admins)' }),
  ),
  space: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  name_prefix: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })),
  show_all: Type.Optional(Type.Boolean({ description: "every member's tokens (admins and owners)" })),
};

interface FilterParams {
  type?: 'api' | 'session';
  kind?: 'account' | 'space' | 'manager';
  lifetime?: 'temporary' | 'permanent';
  permanent?: boolean;
  active?: boolean;
  expired?: boolean;
  revoked?: boolean;
  owner?: string;
  space?: string;
  name_prefix?: string;
  show_all?: boolean;
}

function filtersOf(query: FilterParams): TokenFilters {
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
    ownerId: query.owner,
    space: query.space,
    namePrefix: query.name_prefix,
  };
}

const ListQuery = Type.Object({ ...CursorPagingQuery, ...FilterQuery }, { additionalProperties: false });
const BulkRevokeQuery = Type.Object(
  {
    ...FilterQuery,
    include_self: Type.Optional(Type.Boolean({ description: 'revoke the calling token too' })),
  },
  { additionalProperties: false },
);

export function registerTokenListRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "List the calling member's tokens (every member's with show_all, for admins)",
        querystring: ListQuery,
        response: { 200: listOf(TokenSchema), ...authErrors },
      },
    },
    async (request, reply) => {
      const query = request.query as FilterParams & PagingParams;
      const paging = resolvePaging(query);
      const page = await listTokens(deps, actorOf(request), {
        filters: filtersOf(query),
        paging,
        showAll: query.show_all,
      });
      return listAnswer(request, reply, paging, page, toPublicToken);
    },
  );

  app.delete(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary:
          'Revoke every token the same listing would show (NeuroIO delete_list); the calling token is spared',
        querystring: BulkRevokeQuery,
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...authErrors },
      },
    },
    async (request) => {
      const query = request.query as FilterParams & { include_self?: boolean };
      if (query.revoked === true)
        throw new TesseraError('invalid_query', 'revoked tokens cannot be revoked again');
      const revoked = await revokeMatching(deps, actorOf(request), {
        filters: filtersOf(query),
        showAll: query.show_all,
        includeSelf: query.include_self,
      });
      return { revoked };
    },
  );

  app.get(
    '/v1/tenants/:tenant_id/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "Every token of a tenant (Fastly customer listing): that tenant's admins and owners",
        params: Type.Object({ tenant_id: Type.String() }),
        querystring: ListQuery,
        response: { 200: listOf(TokenSchema), ...authErrors, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const query = request.query as FilterParams & PagingParams;
      const paging = resolvePaging(query);
      const { tenant_id } = request.params as { tenant_id: string };
      const page = await listTenantTokens(deps, actorOf(request), tenant_id, {
        filters: filtersOf(query),
        paging,
      });
      return listAnswer(request, reply, paging, page, toPublicToken);
    },
  );
}
