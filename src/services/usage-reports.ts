// The usage a caller may read: one token's series (whoever may read the token), and the tenant's
// busiest tokens or outcome codes (admins and owners, like every tenant-wide view of tokens).
import { TesseraError } from '../core/errors.js';
import {
  planUsageRange,
  type UsageGranularity,
  type UsagePoint,
  type UsageRange,
  usageSeries,
} from '../core/usage.js';
import type { Page, UsageRank } from '../store/store.js';
import { type Actor, requireAdmin } from './actor.js';
import type { Deps } from './deps.js';
import { getToken } from './tokens/access.js';

export interface UsageQuery {
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
  readonly granularity?: UsageGranularity | undefined;
}

function rangeOf(deps: Pick<Deps, 'clock'>, query: UsageQuery): UsageRange {
  const planned = planUsageRange(query, deps.clock.nowMs());
  if (!planned.ok) throw new TesseraError('invalid_query', planned.detail);
  return planned.range;
}

export interface TokenUsage {
  readonly tokenId: string;
  readonly range: UsageRange;
  readonly series: readonly UsagePoint[];
}

/** One token's verifications per bucket and outcome, every bucket of the range present. */
export async function readTokenUsage(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  query: UsageQuery,
): Promise<TokenUsage> {
  const range = rangeOf(deps, query);
  const token = await getToken(deps, actor, tokenId);
  const counts = await deps.store.usageCounts(
    token.id,
    range.granularity,
    range.firstBucketMs,
    range.lastBucketMs,
  );
  return { tokenId: token.id, range, series: usageSeries(range, counts) };
}

export interface TenantUsage {
  readonly range: UsageRange;
  readonly groupBy: 'token' | 'code';
  readonly page: Page<UsageRank>;
}

/** The tenant's busiest tokens (or outcome codes) over the range, busiest first. */
export async function rankTenantUsage(
  deps: Deps,
  actor: Actor,
  query: UsageQuery & {
    readonly groupBy: 'token' | 'code';
    readonly limit: number;
    readonly offset: number;
  },
): Promise<TenantUsage> {
  const range = rangeOf(deps, query);
  requireAdmin(actor, 'tokens:read');
  const page = await deps.store.rankUsage({
    tenantId: actor.tenantId,
    granularity: range.granularity,
    firstBucketMs: range.firstBucketMs,
    lastBucketMs: range.lastBucketMs,
    groupBy: query.groupBy,
    limit: query.limit,
    offset: query.offset,
  });
  return { range, groupBy: query.groupBy, page };
}
