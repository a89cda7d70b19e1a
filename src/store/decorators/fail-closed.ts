// Marks every failure that comes out of storage as a StorageFailure, so the HTTP edge answers 503
// (fail closed) for any of them, whatever shape the driver gave it (a dropped PostgreSQL connection
// has no SQLSTATE). Errors thrown by a transaction's own work (decisions, bugs) pass through as they are.

import { StorageFailure } from '../failures.js';
import type { Store, StoreOperations } from '../store.js';
import { aroundCalls, withTransaction } from './decorate.js';

function asStorageFailure(error: unknown): unknown {
  return error instanceof StorageFailure ? error : new StorageFailure(error);
}

function failingClosed<T extends object>(target: T): T {
  return aroundCalls(target, (_name, _args, call) => {
    try {
      const result = call();
      return result instanceof Promise
        ? result.catch((error: unknown) => Promise.reject(asStorageFailure(error)))
        : result;
    } catch (error) {
      throw asStorageFailure(error);
    }
  });
}

export function failClosed<S extends Store>(store: S): S {
  return withTransaction(failingClosed(store), <T>(work: (tx: StoreOperations) => Promise<T>) => {
    const fromWork = new WeakSet<object>();
    return store
      .transaction(async (tx) => {
        try {
          return await work(failingClosed(tx));
        } catch (error) {
          if (typeof error === 'object' && error !== null) fromWork.add(error);
          throw error;
        }
      })
      .catch((error: unknown) => {
        // The work's own errors (a 409, a 403, a bug) are not storage's; begin and commit failures are.
        if (typeof error === 'object' && error !== null && fromWork.has(error)) throw error;
        throw asStorageFailure(error);
      });
  });
}
