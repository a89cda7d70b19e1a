// Structured logs with pino. Secrets never reach a log line: Authorization headers and any field
// named like a secret are redacted, and secret-shaped strings are masked out of logged URLs.
import { type DestinationStream, type Logger, pino } from 'pino';

const SECRET_SHAPE = /tsr_[a-z][0-9]_[0-9A-Za-z]*/g;

export function maskSecrets(text: string): string {
  return text.replace(SECRET_SHAPE, 'tsr_[REDACTED]');
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
          url: request.url === undefined ? undefined : maskSecrets(request.url),
          remote_address: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ status: reply.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
