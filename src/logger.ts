// Structured logs with pino. Secrets never reach a log line: Authorization headers and any field
// named like a secret are redacted, and secret-shaped strings are masked out of logged URLs.
import { type DestinationStream, type Logger, pino } from 'pino';
import { maskSecretShapes } from './core/secret.js';

export const maskSecrets = maskSecretShapes;

/** Client text put back into an error answer: bounded, and never a secret. */
export function echoable(text: string): string {
  const masked = maskSecrets(text);
  return masked.length > 64 ? `${masked.slice(0, 64)}…` : masked;
}

/**
 * A URL as logs may show it: no query string (a credential may sit there) and the path decoded before
 * secret-shaped parts are masked, so percent-encoding cannot smuggle a secret past the mask.
 */
export function loggableUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  // Escape by escape rather than decodeURIComponent: a path with one malformed escape must still be
  // decoded everywhere else, or a secret could hide behind the bad one.
  let decoded = path;
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(decoded); round++) {
    decoded = decoded.replace(/%([0-9a-f]{2})/gi, (_escape, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
  return maskSecrets(decoded) + (queryAt < 0 ? '' : '?[query omitted]');
}

export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["fastly-key"]',
  'req.headers["x-tiledb-rest-api-key"]',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'body',
  '*.body',
];

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  id?: string;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      serializers: {
        req: (request: LoggedRequest) => ({
          id: request.id,
          method: request.method,
          url: request.url === undefined ? undefined : loggableUrl(request.url),
          remote_address: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ status: reply.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
