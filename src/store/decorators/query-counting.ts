// Counts what the store is asked, by operation, for /metrics: the proof that a hot token or a flood of
// malformed secrets costs no query. A plain Map increment per call; prom-client reads it at scrape time.

import type { Store, StoreOperations } from '../store.js';
import { aroundCalls, withTransaction } from './decorate.js';

/**
 * Operations an instance calls on its own schedule, whatever the requests: /readyz's ping, the
 * written-behind batch of last uses, usage counts, grant uses and verify-time events, the webhook
 * dispatcher's and the expiry scheduler's polls, retention. Whoever proves that some requests cost no
 * query (the metrics test, the bench's flood) leaves these out.
 */
export const BACKGROUND_OPERATIONS: readonly string[] = [
  'ping',
  'recordLastUsed',
  'recordUsage',
  'recordGrantUses',
  'insertEvents',
  'hasDueDeliveries',
  'claimDeliveries',
  'recordAttempt',
  'findExpiryCandidates',
  'claimExpiryNotice',
  'pruneUsage',
  // Read by a /metrics scrape (at most once a minute), never by a request being answered.
  'countLiveTokensByKeyVersion',
];

/** Operations that are bookkeeping, not queries. */
const NOT_QUERIES = new Set(['transaction', 'poolStats', 'close']);

export class QueryCounts {
  readonly byOperation = new Map<string, number>();

  add(operation: string): void {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
}

function counting<T extends object>(target: T, counts: QueryCounts): T {
  return aroundCalls(
    target,
    (name, _args, call) => {
      counts.add(name);
      return call();
    },
    NOT_QUERIES,
  );
}

export function countingQueries<S extends Store>(store: S, counts: QueryCounts): S {
  return withTransaction(counting(store, counts), (work) =>
    store.transaction((tx: StoreOperations) => work(counting(tx, counts))),
  );
}
