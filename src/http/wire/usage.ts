// The usage wire: one token's series, the tenant's busiest tokens or codes, and their queries.
import { Type } from 'typebox';
import { TIMESTAMP_MAX_LENGTH } from '../../core/token-fields.js';
import { MAX_USAGE_BUCKETS, USAGE_GRANULARITIES } from '../../core/usage.js';
import { MAX_PAGE_SIZE } from '../pagination.js';
import { named, PaginationSchema, ref, StringEnum, Timestamp } from '../schemas.js';

export const UsageRangeQuery = {
  from: Type.Optional(
    Type.String({
      maxLength: TIMESTAMP_MAX_LENGTH,
      description: 'RFC 3339; the series starts at the bucket holding it (default: 24 hours before `to`)',
    }),
  ),
  to: Type.Optional(
    Type.String({
      maxLength: TIMESTAMP_MAX_LENGTH,
      description: 'RFC 3339; the series ends with the bucket holding it (default: now)',
    }),
  ),
  granularity: Type.Optional(
    StringEnum(USAGE_GRANULARITIES, {
      description: `bucket size, UTC-aligned (default hour); at most ${MAX_USAGE_BUCKETS} buckets in a range`,
    }),
  ),
};

export const DEFAULT_USAGE_RANKING_LIMIT = 10;

export const UsageRankingQuery = {
  ...UsageRangeQuery,
  group_by: Type.Optional(
    StringEnum(['token', 'code'] as const, { description: 'rank tokens or outcome codes (default token)' }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      description: `how many to answer, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_USAGE_RANKING_LIMIT})`,
    }),
  ),
  offset: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'how many of the busiest to skip' }),
  ),
};

const UsagePointSchema = named(
  'UsagePoint',
  'Verifications in one bucket: all of them, the valid ones, and the refused ones by outcome code.',
  Type.Object({
    start: Timestamp('the first instant of the bucket (UTC-aligned)'),
    total: Type.Integer({ description: 'verifications in the bucket' }),
    valid: Type.Integer({ description: 'verifications that ended valid' }),
    refused: Type.Record(Type.String(), Type.Integer(), {
      description:
        'refused verifications by outcome code (revoked, expired, forbidden, …); codes with none are left out',
    }),
  }),
);

export const TokenUsageSchema = named(
  'TokenUsage',
  "One token's verifications over time, every bucket of the range present (zeros included), oldest first.",
  Type.Object({
    token_id: Type.String({ description: 'the token' }),
    granularity: StringEnum(USAGE_GRANULARITIES, { description: 'the bucket size' }),
    from: Timestamp('the start of the range asked'),
    to: Timestamp('the end of the range asked'),
    series: Type.Array(ref(UsagePointSchema), { description: 'one point per bucket' }),
  }),
);

const UsageRankSchema = named(
  'UsageRank',
  'One of the busiest tokens (token_id) or outcome codes (code) over the range.',
  Type.Object({
    token_id: Type.Optional(Type.String({ description: 'the token (group_by=token)' })),
    code: Type.Optional(Type.String({ description: 'the outcome code (group_by=code)' })),
    total: Type.Integer({ description: 'verifications in the range' }),
    valid: Type.Integer({ description: 'those that ended valid' }),
    refused: Type.Integer({ description: 'those that were refused' }),
  }),
);

export const UsageRankingSchema = named(
  'UsageRanking',
  "The tenant's busiest tokens or outcome codes over a range, busiest first.",
  Type.Object({
    from: Timestamp('the start of the range asked'),
    to: Timestamp('the end of the range asked'),
    granularity: StringEnum(USAGE_GRANULARITIES, { description: 'the bucket size the range was read in' }),
    group_by: StringEnum(['token', 'code'] as const, { description: 'what was ranked' }),
    data: Type.Array(ref(UsageRankSchema), { description: 'busiest first, ties by key' }),
    pagination: ref(PaginationSchema),
  }),
);

export const USAGE_WIRE = { UsagePointSchema, TokenUsageSchema, UsageRankSchema, UsageRankingSchema };
