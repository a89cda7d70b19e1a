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
