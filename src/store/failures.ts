// Recognises errors that mean "storage is unavailable or refused the operation", so the HTTP edge can
// fail closed with a 503 instead of a 500. Each dialect folder says what its driver's failures look like.
import { isPostgresFailure } from './postgres/failures.js';
import { isSqliteFailure } from './sqlite/failures.js';

/** A failure of storage itself (unreachable, refused, timed out), as opposed to a decision or a bug. */
export class StorageFailure extends Error {
  constructor(cause: unknown) {
    super('storage failed', { cause });
    this.name = 'StorageFailure';
  }
}

export function isStorageFailure(error: unknown): boolean {
  if (error instanceof StorageFailure) return true;
  if (typeof error !== 'object' || error === null) return false;
  return isSqliteFailure(error) || isPostgresFailure(error);
}

/**
 * A write refused by a unique index (PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE or
 * _PRIMARYKEY), through any StorageFailure wrapping it: two writers raced for one key and this one lost.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error, depth = 0; cause !== null && typeof cause === 'object' && depth < 4; depth++) {
    const { code } = cause as { code?: unknown };
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
