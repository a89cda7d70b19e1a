// Token listings and bulk revocation: the same filters and scope for both, and the tenant-wide list.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { TOKEN_STATUSES, type TokenStatus, toPublicToken } from '../../../core/token.js';
import { NAME_MAX_LENGTH } from '../../../core/token-fields.js';
import type { Deps } from '../../../services/deps.js';
import { listTenantTokens, listTokens } from '../../../services/tokens/list.js';
import { revokeMatching } from '../../../services/tokens/revoke.js';
import type { TokenFilters } from '../../../store/store.js';
import { actorOf } from '../../auth.js';
import { CursorPagingQuery, listAnswer, type PagingParams, resolvePaging } from '../../pagination.js';
import { AUTHENTICATED_PROBLEMS, answer, problems, StringEnum } from '../../schemas.js';
import { RevokedCountSchema, TokenListSchema } from '../../wire/tokens.js';

const flag = (description: string) => Type.Optional(Type.Boolean({ description }));
const FilterQuery = {
  type: Type.Optional(
    Type.Union([Type.Literal('api'), Type.Literal('session')], { description: 'only tokens of this type' }),
  ),
  kind: Type.Optional(
    Type.Union([Type.Literal('account'), Type.Literal('space'), Type.Literal('manager')], {
      description: 'only tokens of this kind',
    }),
  ),
  lifetime: Type.Optional(
    Type.Union([Type.Literal('temporary'), Type.Literal('permanent')], {
      description: 'only temporary or only permanent tokens (the same as permanent=false|true)',
    }),
  ),
  permanent: flag('true: only permanent tokens; false: only temporary ones'),
  active: flag('true: only tokens usable now; false: only disabled, expired or not yet valid ones'),
  expired: flag('true: only expired tokens; false: only unexpired ones'),
  revoked: flag('true: only revoked tokens (the default lists only unrevoked ones)'),
  status: Type.Optional(
    StringEnum(TOKEN_STATUSES, {
      description:
        'only tokens in this state now (active, disabled, expired, revoked, not_yet_valid); lists revoked ones too when asked, instead of the default of unrevoked ones',
    }),
  ),
  owner: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: "only this member's tokens (a member id; another member's: admins and owners)",
    }),
  ),
  space: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'only tokens confined to this space (its key)',
    }),
  ),
  name_prefix: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: NAME_MAX_LENGTH,
      description: 'only tokens whose name starts so',
    }),
  ),
  show_all: Type.Optional(
    Type.Boolean({ description: "every member's tokens, not just the caller's (admins and owners)" }),
  ),
};

interface FilterParams {
  type?: 'api' | 'session';
  kind?: 'account' | 'space' | 'manager';
  lifetime?: 'temporary' | 'permanent';
  permanent?: boolean;
  active?: boolean;
  expired?: boolean;
  revoked?: boolean;
  status?: TokenStatus;
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
  if (query.status !== undefined && query.revoked !== undefined)
    throw new TesseraError(
      'invalid_query',
      'give status or revoked, not both (status=revoked lists the revoked ones)',
    );
  return {
    type: query.type,
    kind: query.kind,
    permanent: query.permanent ?? fromLifetime,
    active: query.active,
    expired: query.expired,
    revoked: query.revoked,
    status: query.status,
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
        operationId: 'listTokens',
        summary: "List the calling member's tokens",
        description:
          "Newest first. A service token lists the tenant's service tokens; show_all lists every member's (admins and owners). " +
          'Never holds a token the caller may not read. Paged by page + per_page, limit + offset, or limit + cursor, with total counts and Link headers; ' +
          'an unknown filter is a 400.',
        querystring: ListQuery,
        response: {
          200: answer(TokenListSchema, 'One page of the list; Link headers point to the others'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as FilterParams & PagingParams;
      const paging = resolvePaging(query);
      const nowMs = deps.clock.nowMs();
      const page = await listTokens(deps, actorOf(request), {
        filters: filtersOf(query),
        paging,
        showAll: query.show_all,
      });
      return listAnswer(request, reply, paging, page, (token) => toPublicToken(token, nowMs));
    },
  );

  app.delete(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'revokeTokens',
        summary: 'Revoke every token a listing with the same filters would show',
        description:
          'NeuroIO’s delete_list. Revokes those of the set the caller could revoke one by one (seeing a token never grants revoking it); ' +
          'the calling token is spared unless include_self=true. revoked=true is a 400.',
        querystring: BulkRevokeQuery,
        response: {
          200: answer(RevokedCountSchema, 'How many tokens were revoked'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
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
        operationId: 'listTenantTokens',
        summary: 'List every token of a tenant',
        description:
          "Fastly's customer listing: for that tenant's own admins and owners; any other tenant's id is a 404. " +
          'The same filters and paging as listTokens.',
        params: Type.Object({
          tenant_id: Type.String({ description: 'the tenant id, `ten_…` (the caller’s own)' }),
        }),
        querystring: ListQuery,
        response: {
          200: answer(TokenListSchema, 'One page of the list; Link headers point to the others'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as FilterParams & PagingParams;
      const paging = resolvePaging(query);
      const { tenant_id } = request.params as { tenant_id: string };
      const nowMs = deps.clock.nowMs();
      const page = await listTenantTokens(deps, actorOf(request), tenant_id, {
        filters: filtersOf(query),
        paging,
      });
      return listAnswer(request, reply, paging, page, (token) => toPublicToken(token, nowMs));
    },
  );
}
