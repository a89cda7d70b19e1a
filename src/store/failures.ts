// Recognises errors that mean "storage is unavailable or refused the operation", so the HTTP edge can
// fail closed with a 503 instead of a 500. The only place outside the dialect files that knows driver
// error shapes.

/** A failure of storage itself (unreachable, refused, timed out), as opposed to a decision or a bug. */
export class StorageFailure extends Error {
  constructor(cause: unknown) {
    super('storage failed', { cause });
    this.name = 'StorageFailure';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function isStorageFailure(error: unknown): boolean {
  if (error instanceof StorageFailure) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, severity } = error as { name?: unknown; code?: unknown; severity?: unknown };
  if (name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return true;
  // PostgreSQL server errors carry a severity and a five-character SQLSTATE code.
  if (typeof severity === 'string' && typeof code === 'string' && code.length === 5) return true;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}
