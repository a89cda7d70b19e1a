// What a failure of SQLite itself looks like (better-sqlite3's SqliteError, SQLITE_* codes).
export function isSqliteFailure(error: object): boolean {
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'));
}
