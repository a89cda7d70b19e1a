// The one bearer-token check every authenticated route runs. Every failure (absent, malformed,
// unknown, revoked, expired, not yet valid, disabled) is the same 401, so a caller learns nothing
// about which secrets exist.
import type { FastifyRequest } from 'fastify';
import { ipAllowed } from '../core/cidr.js';
import { TesseraError } from '../core/errors.js';
import type { RateDecision } from '../core/rate-limit.js';
import { type Actor, actorFromCredential } from '../services/actor.js';
import type { Deps } from '../services/deps.js';
import { type Verification, verifySecret } from '../services/verify.js';
import type { Metrics, VerifyDoor } from './metrics.js';

export const WWW_AUTHENTICATE = 'Bearer realm="tessera"';

export function unauthorized(): TesseraError {
  return new TesseraError('unauthorized', 'a valid bearer token is required', {
    headers: { 'www-authenticate': WWW_AUTHENTICATE },
  });
}

/** 429 with Retry-After and the RateLimit-* fields (seconds until the window resets). */
export function rateLimited(
  decision: RateDecision,
  who = `this token may make ${decision.limit} requests per window`,
): TesseraError {
  const resetSeconds = String(decision.retryAfterSeconds);
  return new TesseraError('rate_limited', `${who}; retry after ${resetSeconds} s`, {
    headers: {
      'retry-after': resetSeconds,
      'ratelimit-limit': String(decision.limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': resetSeconds,
    },
  });
}

export function storageUnavailable(cause: unknown): TesseraError {
  return new TesseraError('service_unavailable', 'token storage is unavailable; try again shortly', {
    cause,
    headers: { 'retry-after': '1' },
  });
}

/**
 * The one value of a request header, or null when it is absent or repeated. Node keeps only the first
 * of repeated headers of some names (Authorization among them): count them in the raw list.
 */
export function singleHeader(request: FastifyRequest, name: string): string | null {
  const raw = request.raw.rawHeaders;
  let seen = 0;
  let value: string | null = null;
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index]!.toLowerCase() !== name) continue;
    seen++;
    value = raw[index + 1]!;
  }
  return seen === 1 ? value : null;
}

/**
 * Reads the secret after `scheme` (`Bearer`, NeuroIO's `Token`) in a header value: null when the value
 * is absent or not `<scheme> <secret>`. The pattern is compiled once, here.
 */
export function schemeReader(scheme: string): (value: string | null) => string | null {
  const pattern = new RegExp(`^${scheme} +(\\S+) *$`, 'i');
  return (value) => {
    const match = value === null ? null : pattern.exec(value);
    return match ? match[1]! : null;
  };
}

const bearerOf = schemeReader('Bearer');

/** The presented bearer secret, or null when the header is absent, repeated or not `Bearer <x>`. */
function bearerSecret(request: FastifyRequest): string | null {
  return bearerOf(singleHeader(request, 'authorization'));
}

/** A door: where it reads the presented secret, and its name in metrics and audit (`via`). */
export interface Door {
  readonly name: VerifyDoor;
  /** The vendor dialect behind the door, for audit events; absent on the native API. */
  readonly via?: string;
  secretOf(request: FastifyRequest): string | null;
}

export const BEARER_DOOR: Door = { name: 'bearer', secretOf: bearerSecret };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Who presented a secret on a door: its address, user agent and the request's id. */
export interface Presentation {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly requestId: string;
  /** The vendor dialect the secret came through, if any. */
  readonly via?: string | undefined;
}

/** What a door learns from a presented secret: the caller, or the verification that refused it. */
export type Identified =
  | { readonly ok: true; readonly actor: Actor }
  | { readonly ok: false; readonly verification: Verification };

/**
 * THE way a door (the native Authorization header, each vendor dialect's own header) turns a secret
 * into a caller: the one verifier decides, and each door renders its own 401, 403 or 429. Storage
 * trouble is a 503 (fail closed), never a refusal.
 */
export async function identify(deps: Deps, secret: string, presentation: Presentation): Promise<Identified> {
  let verification: Verification;
  try {
    verification = await verifySecret(deps, secret, {
      ip: presentation.ip,
      userAgent: presentation.userAgent,
      door: presentation.via ?? 'api',
    });
  } catch (error) {
    throw storageUnavailable(error);
  }
  const { outcome } = verification;
  if (!outcome.valid) return { ok: false, verification };
  return {
    ok: true,
    actor: actorFromCredential(
      outcome.credential,
      {
        clientIp: presentation.ip,
        requestId: presentation.requestId,
        ...(presentation.via === undefined ? {} : { via: presentation.via }),
      },
      { lastUse: verification.lastUse, remainingUses: verification.remainingUses },
    ),
  };
}

/**
 * The onRequest hook of a door: the secret it reads goes through `identify`, the one verifier. Every
 * refusal is `unauthorized` (the door renders it: a problem here, each vendor's own body in a dialect),
 * except a token over its rate limit, which is told so.
 */
export function makeAuthenticate(deps: Deps, metrics: Metrics, door: Door = BEARER_DOOR) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const secret = door.secretOf(request);
    if (secret === null) throw unauthorized();
    const identified = await identify(deps, secret, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: request.id,
      via: door.via,
    });
    if (identified.ok) {
      metrics.verification(door.name, 'valid');
      request.actor = identified.actor;
      return;
    }
    const { outcome, rateLimit } = identified.verification;
    metrics.verification(door.name, outcome.code);
    // Over its rate limit a token is told so (429), never treated as unknown (401).
    if (outcome.code === 'rate_limited' && rateLimit !== null) throw rateLimited(rateLimit);
    // From an address its allowed_cidrs exclude, the caller gets the same 401 as for any refusal; the
    // operator, who sees logs and metrics, is told why (the usual cause of "my token stopped working").
    const token = outcome.credential?.token;
    if (
      outcome.code === 'forbidden' &&
      token?.allowedCidrs != null &&
      !ipAllowed(token.allowedCidrs, request.ip)
    ) {
      metrics.bearerRefusal(door.name, 'allowed_cidrs');
      request.log.info(
        { token_id: token.id, reason: 'allowed_cidrs', client_ip: request.ip },
        'bearer token refused: the client address is outside its allowed_cidrs',
      );
    }
    throw unauthorized();
  };
}

/** The authenticated caller of a route that ran `authenticate`; misuse if it did not. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error('route reached without authentication');
  return request.actor;
}
