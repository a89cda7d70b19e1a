// Retention of usage (SPEC "Usage"): minute buckets 48 h, hour buckets 90 days, day buckets 2 years,
// grant uses as long as advice may look back. A background timer deletes what aged out; counts are
// rolled up when written, so nothing needs compacting first and no request waits on this.

import { MS_PER_DAY, MS_PER_MINUTE } from '../core/time.js';
import { USAGE_GRANULARITIES, USAGE_RETENTION_MS, type UsageGranularity } from '../core/usage.js';
import type { Deps } from './deps.js';

/** How far back advice may look (`days` of GET /v1/tokens/{id}/advice), and so how long grant uses are kept. */
export const MAX_ADVICE_DAYS = 90;
export const USAGE_PRUNE_EVERY_MS = 10 * MS_PER_MINUTE;

/** Rows one prune statement deletes at most: a few milliseconds of the database's time. */
export const PRUNE_ROWS_PER_STATEMENT = 5_000;

/**
 * Deletes buckets and grant uses past their retention, a bounded batch at a time with the event loop
 * free in between (SQLite's writes run on it); answers how many rows went.
 */
export async function pruneUsage(
  deps: Pick<Deps, 'store' | 'clock'>,
  rowsPerStatement = PRUNE_ROWS_PER_STATEMENT,
): Promise<number> {
  const nowMs = deps.clock.nowMs();
  const cutoffs = Object.fromEntries(
    USAGE_GRANULARITIES.map((granularity) => [granularity, nowMs - USAGE_RETENTION_MS[granularity]]),
  ) as Record<UsageGranularity, number>;
  const grantUsesBeforeMs = nowMs - (MAX_ADVICE_DAYS + 1) * MS_PER_DAY;
  let total = 0;
  for (;;) {
    const deleted = await deps.store.pruneUsage(cutoffs, grantUsesBeforeMs, rowsPerStatement);
    total += deleted;
    if (deleted === 0) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Prunes soon after start, then every 10 minutes; `stop` ends it (at shutdown). */
export function startUsageRetention(deps: Pick<Deps, 'store' | 'clock' | 'logger'>): {
  stop(): Promise<void>;
} {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = pruneUsage(deps).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'could not prune old usage; will try again'),
    );
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, USAGE_PRUNE_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    /** No new run starts; one under way finishes before the store closes. */
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
