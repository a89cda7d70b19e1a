// What a failure of SQLite itself looks like (better-sqlite3's SqliteError, SQLITE_* codes, and the
// TypeErrors it throws for a closed or busy connection).
const CONNECTION_STATE = /database connection is (not open|busy)/;

export function isSqliteFailure(error: object): boolean {
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (error instanceof TypeError) return CONNECTION_STATE.test(error.message);
  return name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'));
}
