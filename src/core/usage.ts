// Usage over time (SPEC "Usage"): bucket sizes, retention, the range a query may ask, and the series
// it answers. Pure: the verifier counts in memory, the store sums, this module shapes.
import { formatTimestamp, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './time.js';
import type { VerifyCode } from './verify.js';

export const USAGE_GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

export const BUCKET_MS: Readonly<Record<UsageGranularity, number>> = {
  minute: MS_PER_MINUTE,
  hour: MS_PER_HOUR,
  day: MS_PER_DAY,
};

/** How long buckets of each size are kept: minutes 48 h, hours 90 days, days 2 years. */
export const USAGE_RETENTION_MS: Readonly<Record<UsageGranularity, number>> = {
  minute: 48 * MS_PER_HOUR,
  hour: 90 * MS_PER_DAY,
  day: 730 * MS_PER_DAY,
};

/** A day at 1-minute buckets is 1,440 of them; a range touching both ends holds one more. */
export const MAX_USAGE_BUCKETS = 1441;
export const DEFAULT_USAGE_RANGE_MS = 24 * MS_PER_HOUR;
export const DEFAULT_USAGE_GRANULARITY: UsageGranularity = 'hour';

/** The start of the UTC bucket holding `epochMs` (the epoch is a UTC midnight, so a floor aligns). */
export function bucketStartOf(epochMs: number, granularity: UsageGranularity): number {
  const size = BUCKET_MS[granularity];
  return Math.floor(epochMs / size) * size;
}

export interface UsageRange {
  readonly granularity: UsageGranularity;
  readonly fromMs: number;
  readonly toMs: number;
  /** The first and last bucket's start: every bucket between them is in the answer. */
  readonly firstBucketMs: number;
  readonly lastBucketMs: number;
}

/** The range a query asks, with the defaults of SPEC, or why it is refused. */
export function planUsageRange(
  asked: {
    readonly fromMs?: number | undefined;
    readonly toMs?: number | undefined;
    readonly granularity?: UsageGranularity | undefined;
  },
  nowMs: number,
): { readonly ok: true; readonly range: UsageRange } | { readonly ok: false; readonly detail: string } {
  const granularity = asked.granularity ?? DEFAULT_USAGE_GRANULARITY;
  const toMs = asked.toMs ?? nowMs;
  const fromMs = asked.fromMs ?? toMs - DEFAULT_USAGE_RANGE_MS;
  if (fromMs > toMs) return { ok: false, detail: 'from must not be later than to' };
  const firstBucketMs = bucketStartOf(fromMs, granularity);
  const lastBucketMs = bucketStartOf(toMs, granularity);
  const buckets = (lastBucketMs - firstBucketMs) / BUCKET_MS[granularity] + 1;
  if (buckets > MAX_USAGE_BUCKETS)
    return {
      ok: false,
      detail: `the range holds ${buckets} ${granularity} buckets; at most ${MAX_USAGE_BUCKETS}: narrow it or ask a coarser granularity`,
    };
  return { ok: true, range: { granularity, fromMs, toMs, firstBucketMs, lastBucketMs } };
}

/** Counts the store holds for one bucket and outcome code. */
export interface UsageBucketCount {
  readonly bucketStartMs: number;
  readonly code: string;
  readonly count: number;
}

export interface UsagePoint {
  readonly start: string;
  readonly total: number;
  readonly valid: number;
  readonly refused: Readonly<Record<string, number>>;
}

/** Every bucket of the range, zeros included, oldest first. */
export function usageSeries(range: UsageRange, counts: readonly UsageBucketCount[]): UsagePoint[] {
  const size = BUCKET_MS[range.granularity];
  const byBucket = new Map<number, UsageBucketCount[]>();
  for (const count of counts) {
    const held = byBucket.get(count.bucketStartMs);
    if (held === undefined) byBucket.set(count.bucketStartMs, [count]);
    else held.push(count);
  }
  const series: UsagePoint[] = [];
  for (let start = range.firstBucketMs; start <= range.lastBucketMs; start += size) {
    let total = 0;
    let valid = 0;
    const refused: Record<string, number> = {};
    for (const { code, count } of byBucket.get(start) ?? []) {
      total += count;
      if (code === 'valid') valid += count;
      else refused[code] = (refused[code] ?? 0) + count;
    }
    series.push({ start: formatTimestamp(start), total, valid, refused });
  }
  return series;
}

/** The outcome codes usage counts: every code of a verification that named a token. */
export type CountedCode = Exclude<VerifyCode, 'malformed'>;
