// TesseraError: the one error class of the SDK, over the server's closed code catalogue plus the two
// failures that never reach a server answer (network_error, timeout).
import type { Problem } from './generated/openapi.js';

/** Every `code` a Tessera problem body can carry (generated from the server's catalogue). */
export type ServerErrorCode = Problem['code'];

/**
 * `network_error`: no usable answer arrived (refused, reset, DNS, a body that is not JSON).
 * `timeout`: `timeoutMs` passed before the whole answer did. (A caller's own `signal` rejects with
 * the signal's reason, as `fetch` does, not with a TesseraError.)
 */
export type ClientErrorCode = 'network_error' | 'timeout';

export type TesseraErrorCode = ServerErrorCode | ClientErrorCode;

export interface TesseraErrorInit {
  readonly status: number;
  readonly code: TesseraErrorCode;
  readonly title: string;
  readonly detail: string;
  readonly requestId?: string | null;
  readonly retryAfterSeconds?: number | null;
  readonly problem?: Problem | null;
  readonly headers?: Headers | null;
  readonly cause?: unknown;
}

/**
 * Thrown by every method (never by `verify` for a refused token: that resolves to the answer).
 * Match on `code`, never on the text: codes are stable, titles and details are for people.
 */
export class TesseraError extends Error {
  /** HTTP status of the answer; 0 when none arrived (`network_error`, `timeout`, `aborted`). */
  readonly status: number;
  /** The server's stable problem code, or one of the client's own. */
  readonly code: TesseraErrorCode;
  /** Short summary of the problem type. */
  readonly title: string;
  /** What went wrong with this request, for people. */
  readonly detail: string;
  /** The server's `X-Request-Id`: quote it when asking an operator to look at the logs. */
  readonly requestId: string | null;
  /** From `Retry-After` on a 429 or 503, in seconds; null when the server gave none. */
  readonly retryAfterSeconds: number | null;
  /** The RFC 9457 problem body as the server sent it; null when there was none. */
  readonly problem: Problem | null;
  /** The answer's headers (`RateLimit-*`, `Allow`, …); null when no answer arrived. */
  readonly headers: Headers | null;

  constructor(init: TesseraErrorInit) {
    super(
      `${init.status === 0 ? init.code : `${init.status} ${init.code}`}: ${init.detail}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'TesseraError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.problem = init.problem ?? null;
    this.headers = init.headers ?? null;
  }
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSecondsOf(headers: Headers, nowMs: number): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const dateMs = Date.parse(value);
  return Number.isNaN(dateMs) ? null : Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.status === 'number';
}

/** The catalogue's code for a status, for an answer without a problem body (a proxy's 502 page, say). */
const CODE_OF_STATUS: Readonly<Record<number, ServerErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_patch',
  429: 'rate_limited',
  502: 'service_unavailable',
  503: 'service_unavailable',
  504: 'service_unavailable',
};

function codeOfStatus(status: number): ServerErrorCode {
  return CODE_OF_STATUS[status] ?? (status < 500 ? 'invalid_request' : 'internal_error');
}

/** The error for an answer that is not a success: the problem body when there is one. */
export function errorFromResponse(response: Response, body: unknown, nowMs: number): TesseraError {
  const requestId = response.headers.get('x-request-id');
  const retryAfterSeconds = retryAfterSecondsOf(response.headers, nowMs);
  if (isProblem(body)) {
    return new TesseraError({
      status: response.status,
      code: body.code,
      title: body.title,
      detail: body.detail,
      requestId: body.request_id ?? requestId,
      retryAfterSeconds,
      problem: body,
      headers: response.headers,
    });
  }
  return new TesseraError({
    status: response.status,
    code: codeOfStatus(response.status),
    title: response.statusText || `HTTP ${response.status}`,
    detail: `HTTP ${response.status} without a problem body: a proxy's answer, or baseUrl is not Tessera`,
    requestId,
    retryAfterSeconds,
    headers: response.headers,
  });
}
