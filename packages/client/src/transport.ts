// One request to Tessera, done once and right: URL and query, auth, JSON, per-attempt timeout, the
// caller's signal, retries with backoff and jitter that honour Retry-After, and problem bodies
// turned into TesseraError. Every resource method goes through `send`.
import { errorFromResponse, TesseraError } from './errors.js';

/** The `fetch` the client calls: the global one unless the caller passes their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Settings for every request a client makes; each can be overridden per call by `RequestOptions`. */
export interface TransportSettings {
  readonly baseUrl: string;
  readonly token: string | null;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly fetch: FetchLike;
  readonly headers: Readonly<Record<string, string>>;
}

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call (and any retry); the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Per attempt, in milliseconds; overrides the client's `timeoutMs`. */
  readonly timeoutMs?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  readonly maxRetries?: number | undefined;
  /** Extra request headers for this call. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** False for `verify`: the secret in the body is the credential, no bearer token is sent. */
  readonly authenticated?: boolean;
  /**
   * True only where the server honours an Idempotency-Key (token create): then a POST may be
   * retried. A header alone proves nothing: the server ignores the key on other routes.
   */
  readonly idempotent?: boolean;
  readonly options?: RequestOptions | undefined;
}

export interface RawAnswer {
  readonly response: Response;
  readonly body: unknown;
  /** How many attempts were made (1 = no retry). */
  readonly attempts: number;
}

/** Backoff: 0.5 s doubling to at most 8 s, each wait jittered down by up to a quarter. */
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited out: the error goes to the caller, who can decide. */
export const MAX_RETRY_AFTER_SECONDS = 60;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_TIMER_MS = 2_147_483_647;

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function delayBeforeRetry(retryIndex: number, retryAfterSeconds: number | null): number {
  if (retryAfterSeconds !== null) return retryAfterSeconds * 1000;
  const base = Math.min(MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS * 2 ** retryIndex);
  return base * (1 - Math.random() * 0.25);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Marks an abort that came from our own per-attempt timer, to tell it from the caller's signal. */
const TIMED_OUT = Symbol('timed out');

interface AttemptFailure {
  readonly error: TesseraError | unknown;
  /** Whether the failure may be retried at all (the method's own rule is applied on top). */
  readonly retryable: boolean;
}

export class Transport {
  constructor(readonly settings: TransportSettings) {}

  urlOf(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    return `${this.settings.baseUrl.replace(/\/+$/, '')}${path}${queryString(query)}`;
  }

  /** Sends a request, retrying as the rules allow; resolves to a 2xx answer or throws TesseraError. */
  async send(spec: RequestSpec): Promise<RawAnswer> {
    const options = spec.options ?? {};
    const maxRetries = Math.max(0, options.maxRetries ?? this.settings.maxRetries);
    const headers = this.headersOf(spec);
    // A POST changes something each time it lands; only an Idempotency-Key the server honours makes
    // a second try safe.
    const mayRetry =
      spec.method !== 'POST' || (spec.idempotent === true && headers['idempotency-key'] !== undefined);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, headers, options);
      if ('response' in outcome) return { ...outcome, attempts: attempt };
      const canRetry = outcome.retryable && mayRetry && attempt <= maxRetries;
      if (!canRetry) throw outcome.error;
      const retryAfter = outcome.error instanceof TesseraError ? outcome.error.retryAfterSeconds : null;
      await sleep(delayBeforeRetry(attempt - 1, retryAfter), options.signal);
    }
  }

  private headersOf(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    for (const [name, value] of Object.entries(this.settings.headers)) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(spec.options?.headers ?? {}))
      headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(spec.headers ?? {}))
      if (value !== undefined) headers[name.toLowerCase()] = value;
    if (spec.body !== undefined) headers['content-type'] = spec.contentType ?? 'application/json';
    if (spec.authenticated !== false && this.settings.token !== null)
      headers.authorization = `Bearer ${this.settings.token}`;
    return headers;
  }

  /** One try: an answer (2xx), or a failure saying whether another try could help. */
  private async attempt(
    spec: RequestSpec,
    headers: Record<string, string>,
    options: RequestOptions,
  ): Promise<{ response: Response; body: unknown } | AttemptFailure> {
    const callerSignal = options.signal;
    if (callerSignal?.aborted) throw callerSignal.reason;
    const controller = new AbortController();
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    // setTimeout fires at once for a delay past 2^31 - 1 ms: so long a timeout means none.
    const timer =
      Number.isFinite(timeoutMs) && timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => controller.abort(TIMED_OUT), timeoutMs)
        : undefined;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.settings.fetch(this.urlOf(spec.path, spec.query), {
        method: spec.method,
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
        signal: controller.signal,
      });
      // The body is read inside the same timeout: a server that hangs mid-answer is a timeout too.
      const text = await response.text();
      const body = parseBody(text, response);
      if (response.ok) {
        if (body === UNREADABLE) throw networkError(new Error('the answer is not JSON'), 'unreadable answer');
        return { response, body };
      }
      const error = errorFromResponse(response, body === UNREADABLE ? null : body, Date.now());
      const retryable =
        RETRYABLE_STATUSES.has(response.status) &&
        (error.retryAfterSeconds === null || error.retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS);
      return { error, retryable };
    } catch (error) {
      if (error instanceof TesseraError) return { error, retryable: false };
      if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
        return {
          error: new TesseraError({
            status: 0,
            code: 'timeout',
            title: 'Timed out',
            detail: `no complete answer within ${timeoutMs} ms`,
            cause: error,
          }),
          retryable: true,
        };
      }
      if (callerSignal?.aborted) throw callerSignal.reason;
      return { error: networkError(error, describeNetworkError(error)), retryable: true };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

const UNREADABLE = Symbol('unreadable');

function parseBody(text: string, response: Response): unknown {
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return UNREADABLE;
  try {
    return JSON.parse(text);
  } catch {
    return UNREADABLE;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string')
    return `${cause.code}${typeof cause.message === 'string' ? `: ${cause.message}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function networkError(cause: unknown, detail: string): TesseraError {
  return new TesseraError({ status: 0, code: 'network_error', title: 'Network error', detail, cause });
}
