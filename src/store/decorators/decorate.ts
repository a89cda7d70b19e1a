// The one mechanism behind every store decorator (fail-closed, query counting, cache invalidation):
// intercept method calls on a store or on a transaction's operations, and swap in a transaction that
// decorates the operations it hands to its work.
import type { Store, StoreOperations } from '../store.js';

/** Runs one intercepted call: `call()` performs it. */
export type Around = (name: string, args: unknown[], call: () => unknown) => unknown;

/** `target` with each method call (but `constructor` and those in `skip`) passed through `around`. */
export function aroundCalls<T extends object>(
  target: T,
  around: Around,
  skip: ReadonlySet<string> = new Set(),
): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (property === 'constructor' || skip.has(property)) return value;
      return (...args: unknown[]) =>
        around(property, args, () => (value as (...a: unknown[]) => unknown).apply(object, args));
    },
  });
}

/** `store` with its `transaction` replaced (every other property as `store` has it). */
export function withTransaction<S extends Store>(
  store: S,
  transaction: <T>(work: (tx: StoreOperations) => Promise<T>) => Promise<T>,
): S {
  return new Proxy(store, {
    get(object, property, receiver) {
      return property === 'transaction' ? transaction : Reflect.get(object, property, receiver);
    },
  });
}
