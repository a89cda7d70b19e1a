// What a failure of PostgreSQL looks like: a server error (severity and SQLSTATE), or the socket's.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function isPostgresFailure(error: object): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string') return false;
  // PostgreSQL server errors carry a severity and a five-character SQLSTATE code.
  if (typeof severity === 'string' && code.length === 5) return true;
  return NETWORK_CODES.has(code);
}
