// Counts what the store is asked, by operation, for /metrics: the proof that a hot token or a flood of
// malformed secrets costs no query. A plain Map increment per call; prom-client reads it at scrape time.

import type { Store, StoreOperations } from '../store.js';
import { aroundCalls, withTransaction } from './decorate.js';

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
