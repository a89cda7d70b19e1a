// Marks every failure that comes out of storage as a StorageFailure, so the HTTP edge answers 503
// (fail closed) for any of them, whatever shape the driver gave it (a dropped PostgreSQL connection
// has no SQLSTATE). Errors thrown by a transaction's own work (decisions, bugs) and programming errors
// inside storage code pass through as they are.

import { isStorageFailure, StorageFailure } from '../failures.js';
import type { Store, StoreOperations } from '../store.js';
import { aroundCalls, withTransaction } from './decorate.js';

/**
 * JavaScript's own error types (a TypeError from reading a property of undefined, a RangeError from
 * a bad date) are bugs in our code, not storage answering: they pass through, so the edge answers
 * them with a 500 and logs them as bugs instead of reading them as "storage unavailable".
 */
function isProgrammingError(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  );
}

function asStorageFailure(error: unknown): unknown {
  if (error instanceof StorageFailure) return error;
  // A driver may speak through a TypeError too (better-sqlite3: "connection is not open"): what the
  // dialects recognise as theirs is storage, whatever its class.
  if (isProgrammingError(error) && !isStorageFailure(error)) return error;
  return new StorageFailure(error);
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
