// Token listings and bulk revocation: the same filters and scope for both, and the tenant-wide list.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { TOKEN_STATUSES, type TokenStatus, toPublicToken } from '../../../core/token.js';
import { NAME_MAX_LENGTH } from '../../../core/token-fields.js';
import { TOKEN_SORTS, type TokenSort } from '../../../core/token-sort.js';
import type { Deps } from '../../../services/deps.js';
import { listTenantTokens, listTokens } from '../../../services/tokens/list.js';
import { revokeMatching } from '../../../services/tokens/revoke.js';
import type { TokenFilters } from '../../../store/store.js';
import { actorOf } from '../../auth.js';
import { CursorPagingQuery, listAnswer, type PagingParams, resolvePaging } from '../../pagination.js';
import { InstantQuery, queryInstant } from '../../query-instant.js';
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
  scope: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'only tokens whose scopes hold exactly this one',
    }),
  ),
  expires_before: InstantQuery(
    'only tokens that expire before this instant (permanent ones never do): what a maximum-lifetime policy would catch',
  ),
  created_after: InstantQuery('only tokens made after this instant'),
  last_used_before: InstantQuery(
    'only tokens not used since this instant: last used before it, or never used (find unused tokens)',
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
  scope?: string;
  expires_before?: string;
  created_after?: string;
  last_used_before?: string;
  [metadataFilter: `metadata.${string}`]: string;
}

/** `metadata.<key>=<value>`: tokens whose metadata maps the key to exactly that string. */
const METADATA_FILTER = /^metadata\.(.{1,100})$/su;
const MAX_METADATA_FILTERS = 10;

/** The metadata filters of a query, key to value; undefined when there are none. */
function metadataFiltersOf(query: FilterParams): Record<string, string> | undefined {
  const filters: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(query)) {
    const key = METADATA_FILTER.exec(name)?.[1];
    if (key === undefined) continue;
    if (++count > MAX_METADATA_FILTERS)
      throw new TesseraError('invalid_query', `at most ${MAX_METADATA_FILTERS} metadata filters`);
    filters[key] = value as string;
  }
  return count === 0 ? undefined : filters;
}

type ListParams = FilterParams & PagingParams & { sort?: TokenSort };

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
    scope: query.scope,
    metadata: metadataFiltersOf(query),
    expiresBeforeMs: queryInstant('expires_before', query.expires_before),
    createdAfterMs: queryInstant('created_after', query.created_after),
    lastUsedBeforeMs: queryInstant('last_used_before', query.last_used_before),
  };
}

/** What a filtered query's schema adds to its properties: the `metadata.<key>` parameters. */
const METADATA_PROPERTIES = {
  patternProperties: {
    [METADATA_FILTER.source]: Type.String({
      maxLength: 1000,
      description: 'metadata.<key>=<value>: only tokens whose metadata maps that key to exactly this string',
    }),
  },
};

const ListQuery = Type.Object(
  {
    ...CursorPagingQuery,
    ...FilterQuery,
    sort: Type.Optional(
      StringEnum(TOKEN_SORTS, {
        description:
          'the order: created_at, name, expires_at or last_used_at, ascending, or descending with a leading `-` (default -created_at, newest first). Permanent tokens expire last; never-used ones were used first',
      }),
    ),
  },
  { additionalProperties: false, ...METADATA_PROPERTIES },
);
const BulkRevokeQuery = Type.Object(
  {
    ...FilterQuery,
    include_self: Type.Optional(Type.Boolean({ description: 'revoke the calling token too' })),
  },
  { additionalProperties: false, ...METADATA_PROPERTIES },
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
          'Never holds a token the caller may not read. Paged by page + per_page, limit + offset, or limit + cursor (in any sort order), with total counts and Link headers; ' +
          'an unknown filter is a 400. Besides the parameters below, `metadata.<key>=<value>` (up to 10) keeps only tokens whose metadata maps that key to exactly that string.',
        querystring: ListQuery,
        response: {
          200: answer(TokenListSchema, 'One page of the list; Link headers point to the others'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as ListParams;
      const paging = resolvePaging(query);
      const nowMs = deps.clock.nowMs();
      const page = await listTokens(deps, actorOf(request), {
        filters: filtersOf(query),
        paging,
        showAll: query.show_all,
        sort: query.sort,
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
          'the calling token is spared unless include_self=true. revoked=true is a 400. `metadata.<key>=<value>` filters as in listTokens.',
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
      const query = request.query as ListParams;
      const paging = resolvePaging(query);
      const { tenant_id } = request.params as { tenant_id: string };
      const nowMs = deps.clock.nowMs();
      const page = await listTenantTokens(deps, actorOf(request), tenant_id, {
        filters: filtersOf(query),
        paging,
        sort: query.sort,
      });
      return listAnswer(request, reply, paging, page, (token) => toPublicToken(token, nowMs));
    },
  );
}
