// GET /v1/tokens/{id}/usage (one token's series), GET /v1/usage (the tenant's busiest tokens or codes)
// and GET /v1/tokens/{id}/advice (the least-privilege advice drawn from what verifications used).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { formatTimestamp } from '../../core/time.js';
import type { UsageGranularity } from '../../core/usage.js';
import { adviseToken, DEFAULT_ADVICE_DAYS } from '../../services/advice.js';
import type { Deps } from '../../services/deps.js';
import { rankTenantUsage, readTokenUsage, type UsageQuery } from '../../services/usage-reports.js';
import { MAX_ADVICE_DAYS } from '../../services/usage-retention.js';
import { actorOf } from '../auth.js';
import { linkHeader, paginationBody } from '../pagination.js';
import { queryInstant } from '../query-instant.js';
import { AUTHENTICATED_PROBLEMS, answer, problems } from '../schemas.js';
import { TokenAdviceSchema } from '../wire/advice.js';
import { TokenParams } from '../wire/tokens.js';
import {
  DEFAULT_USAGE_RANKING_LIMIT,
  TokenUsageSchema,
  UsageRangeQuery,
  UsageRankingQuery,
  UsageRankingSchema,
} from '../wire/usage.js';

interface RangeParams {
  readonly from?: string;
  readonly to?: string;
  readonly granularity?: UsageGranularity;
}

function usageQueryOf(query: RangeParams): UsageQuery {
  return {
    fromMs: queryInstant('from', query.from),
    toMs: queryInstant('to', query.to),
    granularity: query.granularity,
  };
}

export function registerUsageRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/v1/tokens/:id/usage',
    {
      schema: {
        tags: ['usage'],
        operationId: 'getTokenUsage',
        summary: "Read one token's verifications over time",
        description:
          'Every verification of the token, on every door, counted per bucket and outcome code (written behind, up to a second late). ' +
          'Every bucket of the range is present, zeros included. Needs tokens:read on the token. ' +
          'Minute buckets are kept 48 hours, hour buckets 90 days, day buckets 2 years; a range of more than 1,441 buckets is a 400.',
        params: TokenParams,
        querystring: Type.Object(UsageRangeQuery, { additionalProperties: false }),
        response: {
          200: answer(TokenUsageSchema, 'The series'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request) => {
      const usage = await readTokenUsage(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        usageQueryOf(request.query as RangeParams),
      );
      return {
        token_id: usage.tokenId,
        granularity: usage.range.granularity,
        from: formatTimestamp(usage.range.fromMs),
        to: formatTimestamp(usage.range.toMs),
        series: usage.series,
      };
    },
  );

  app.get(
    '/v1/usage',
    {
      schema: {
        tags: ['usage'],
        operationId: 'getTenantUsage',
        summary: "Rank the tenant's busiest tokens or outcome codes",
        description:
          'Verifications over the range summed per token (group_by=token, the default) or per outcome code (group_by=code), busiest first. ' +
          'Needs tokens:read as an admin or owner. Takes the range parameters of a token’s usage, and limit (default 10) + offset.',
        querystring: Type.Object(UsageRankingQuery, { additionalProperties: false }),
        response: {
          200: answer(UsageRankingSchema, 'The ranking; Link headers point to further pages'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as RangeParams & {
        readonly group_by?: 'token' | 'code';
        readonly limit?: number;
        readonly offset?: number;
      };
      const paging = {
        style: 'offset' as const,
        limit: query.limit ?? DEFAULT_USAGE_RANKING_LIMIT,
        offset: query.offset ?? 0,
      };
      const groupBy = query.group_by ?? 'token';
      const usage = await rankTenantUsage(deps, actorOf(request), {
        ...usageQueryOf(query),
        groupBy,
        limit: paging.limit,
        offset: paging.offset,
      });
      reply.header('link', linkHeader(request.url, paging, usage.page.totalItems));
      return {
        from: formatTimestamp(usage.range.fromMs),
        to: formatTimestamp(usage.range.toMs),
        granularity: usage.range.granularity,
        group_by: groupBy,
        data: usage.page.items.map((rank) => ({
          [groupBy === 'token' ? 'token_id' : 'code']: rank.key,
          total: rank.total,
          valid: rank.valid,
          refused: rank.total - rank.valid,
        })),
        pagination: paginationBody(paging, usage.page.totalItems, null),
      };
    },
  );

  app.get(
    '/v1/tokens/:id/advice',
    {
      schema: {
        tags: ['usage'],
        operationId: 'getTokenAdvice',
        summary: 'Least-privilege advice: the grants a token used, and the narrowest permissions to keep',
        description:
          'From the verifications that asked an action over the last `days` (default 30): which grant allowed each, which grants never allowed any, ' +
          'and `suggested`, a merge-patch body for PATCH /v1/tokens/{id} that still allows every observed action (on its observed resource) and is never wider than the token. ' +
          'Only POST /v1/verify asks actions; requests to Tessera’s own API are not counted here. Needs tokens:read on the token.',
        params: TokenParams,
        querystring: Type.Object(
          {
            days: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_ADVICE_DAYS,
                description: `the period, in days up to today (UTC), 1 to ${MAX_ADVICE_DAYS} (default ${DEFAULT_ADVICE_DAYS})`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: answer(TokenAdviceSchema, 'The advice'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request) => {
      const days = (request.query as { days?: number }).days ?? DEFAULT_ADVICE_DAYS;
      const advice = await adviseToken(deps, actorOf(request), (request.params as { id: string }).id, days);
      return {
        token_id: advice.tokenId,
        days: advice.days,
        used: advice.used,
        unused: advice.unused,
        suggested: advice.suggested,
        precision: advice.precision,
      };
    },
  );
}
