// Counts what the store is asked, by operation, for /metrics: the proof that a hot token or a flood of
// malformed secrets costs no query. A plain Map increment per call; prom-client reads it at scrape time.
import type { Store, StoreOperations } from './store.js';

/** Operations that are bookkeeping, not queries. */
const NOT_QUERIES = new Set<string | symbol>(['transaction', 'poolStats', 'close', 'constructor']);

export class QueryCounts {
  readonly byOperation = new Map<string, number>();

  add(operation: string): void {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }
}

function counting<T extends object>(target: T, counts: QueryCounts): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || NOT_QUERIES.has(property) || typeof property !== 'string')
        return value;
      return (...args: unknown[]) => {
        counts.add(property);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

export function countingQueries<S extends Store>(store: S, counts: QueryCounts): S {
  const wrapped = counting(store, counts);
  const transaction = <T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> =>
    store.transaction((tx) => work(counting(tx, counts)));
  return new Proxy(wrapped, {
    get(object, property, receiver) {
      return property === 'transaction' ? transaction : Reflect.get(object, property, receiver);
    },
  });
}
