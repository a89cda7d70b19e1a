// The one bearer-token check every authenticated route runs. Every failure (absent, malformed,
// unknown, revoked, expired, not yet valid, disabled) is the same 401, so a caller learns nothing
// about which secrets exist.
import type { FastifyRequest } from 'fastify';
import { TesseraError } from '../core/errors.js';
import type { RateDecision } from '../core/rate-limit.js';
import { type Actor, actorFromCredential } from '../services/actor.js';
import type { Deps } from '../services/deps.js';
import { verifySecret } from '../services/verify.js';
import type { Metrics } from './metrics.js';

export const WWW_AUTHENTICATE = 'Bearer realm="tessera"';

export function unauthorized(): TesseraError {
  return new TesseraError('unauthorized', 'a valid bearer token is required', {
    headers: { 'www-authenticate': WWW_AUTHENTICATE },
  });
}

/** 429 with Retry-After and the RateLimit-* fields (seconds until the window resets). */
export function rateLimited(decision: RateDecision): TesseraError {
  const resetSeconds = String(decision.retryAfterSeconds);
  return new TesseraError(
    'rate_limited',
    `this token may make ${decision.limit} requests per window; retry after ${resetSeconds} s`,
    {
      headers: {
        'retry-after': resetSeconds,
        'ratelimit-limit': String(decision.limit),
        'ratelimit-remaining': String(decision.remaining),
        'ratelimit-reset': resetSeconds,
      },
    },
  );
}

export function storageUnavailable(cause: unknown): TesseraError {
  return new TesseraError('service_unavailable', 'token storage is unavailable; try again shortly', {
    cause,
    headers: { 'retry-after': '1' },
  });
}

/** The presented bearer secret, or null when the header is absent, repeated or not `Bearer <x>`. */
function bearerSecret(request: FastifyRequest): string | null {
  // Node keeps only the first of repeated Authorization headers; count them in the raw list.
  const raw = request.raw.rawHeaders;
  let seen = 0;
  for (let index = 0; index < raw.length; index += 2)
    if (raw[index]!.toLowerCase() === 'authorization') seen++;
  if (seen !== 1) return null;
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function makeAuthenticate(deps: Deps, metrics: Metrics) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const secret = bearerSecret(request);
    if (secret === null) throw unauthorized();
    let verification: Awaited<ReturnType<typeof verifySecret>>;
    try {
      verification = await verifySecret(deps, secret, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
    } catch (error) {
      throw storageUnavailable(error);
    }
    const { outcome, rateLimit } = verification;
    metrics.verification('bearer', outcome.code);
    // Over its rate limit a token is told so (429), never treated as unknown (401).
    if (outcome.code === 'rate_limited' && rateLimit !== null) throw rateLimited(rateLimit);
    if (!outcome.valid) throw unauthorized();
    request.actor = actorFromCredential(outcome.credential, { clientIp: request.ip, requestId: request.id });
  };
}

/** The authenticated caller of a route that ran `authenticate`; misuse if it did not. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error('route reached without authentication');
  return request.actor;
}
