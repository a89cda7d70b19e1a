// @tessera/client/middleware: protect a resource server with Tessera. `verifyRequest` reads the bearer
// token of a Fetch Request or a Node IncomingMessage, asks Tessera, and says what to answer; the
// Fastify, Express and Hono adapters are a few lines each over it, typed without importing them.
import { Tessera } from './client.js';
import { TesseraError } from './errors.js';
import type { Problem, VerifyAnswer } from './generated/openapi.js';

/** A Node `IncomingMessage`, as far as this module reads one. */
export interface NodeRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket?: { readonly remoteAddress?: string | undefined } | null;
}

/** A Fetch `Request`, as far as this module reads one. */
export interface FetchRequestLike {
  readonly headers: { get(name: string): string | null };
}

export type RequestLike = NodeRequestLike | FetchRequestLike;

/** A value fixed for every request, or worked out from each one (say, the resource from its path). */
export type PerRequest<T, R> = T | ((request: R) => T);

export interface VerifyRequestOptions<R = RequestLike> {
  /** A `Tessera` client to verify with (its token is not needed: verify needs none). */
  readonly client?: Tessera | undefined;
  /** Or the server's base URL; a client is made for it once and kept. */
  readonly baseUrl?: string | undefined;
  /** The action the request needs, e.g. `orders:read`. Without it only validity is checked. */
  readonly action?: PerRequest<string | undefined, R> | undefined;
  /** The resource the action is on, e.g. `orders/42`. */
  readonly resource?: PerRequest<string | undefined, R> | undefined;
  /**
   * The caller's address, checked against the token's `allowed_cidrs`. Default: a Node request's
   * socket address (behind a proxy, pass a function that reads the address your proxy forwards);
   * a Fetch request has none unless you give one.
   */
  readonly ip?: PerRequest<string | undefined, R> | undefined;
  /**
   * Keep valid answers this many milliseconds (default 0: off). The bound: a token revoked, disabled
   * or narrowed in Tessera is still accepted here for up to `cacheTtlMs` after the change. Answers of
   * tokens with a use limit or a rate limit are never cached (each use must reach Tessera), and no
   * cached answer outlives its token's `expires_at`. At most 10 000 answers are kept per client.
   */
  readonly cacheTtlMs?: number | undefined;
}

/** What to do with a request: let it through with the verify answer, or answer it as told. */
export type VerifyOutcome =
  | { readonly ok: true; readonly answer: VerifyAnswer }
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      /** `content-type`, and on a 401 `www-authenticate`; send them as they are. */
      readonly headers: Readonly<Record<string, string>>;
      readonly problem: Problem;
      /** Tessera's answer, when there was a token to ask about (null: no bearer token at all). */
      readonly answer: VerifyAnswer | null;
    };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
/** Tessera refuses a presented secret over 1,024 characters as malformed; so does this, without asking. */
const MAX_SECRET_LENGTH = 1024;
const INVALID_TOKEN = 'Bearer realm="tessera", error="invalid_token"';

function isFetchRequest(request: RequestLike): request is FetchRequestLike {
  return typeof (request.headers as { get?: unknown }).get === 'function';
}

function authorizationOf(request: RequestLike): string | null {
  if (isFetchRequest(request)) return request.headers.get('authorization');
  const value = request.headers.authorization;
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function valueFor<T, R>(option: PerRequest<T, R> | undefined, request: R): T | undefined {
  return typeof option === 'function' ? (option as (request: R) => T)(request) : option;
}

function problemOf(
  status: 401 | 403,
  code: Problem['code'],
  detail: string,
  requestId: string | null,
): Problem {
  return {
    type: `urn:tessera:problem:${code}`,
    title: status === 401 ? 'Unauthorized' : 'Forbidden',
    status,
    code,
    detail,
    request_id: requestId ?? '',
  } as Problem;
}

function refusal(
  status: 401 | 403,
  code: Problem['code'],
  detail: string,
  answer: VerifyAnswer | null,
  requestId: string | null,
  challenge: string,
): VerifyOutcome {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (status === 401) headers['www-authenticate'] = challenge;
  return { ok: false, status, headers, problem: problemOf(status, code, detail, requestId), answer };
}

const clientsByBaseUrl = new Map<string, Tessera>();

function clientOf(options: VerifyRequestOptions<never>): Tessera {
  if (options.client !== undefined) return options.client;
  if (options.baseUrl === undefined) throw new TypeError('verifyRequest: give client or baseUrl');
  let client = clientsByBaseUrl.get(options.baseUrl);
  if (client === undefined) {
    client = new Tessera({ baseUrl: options.baseUrl });
    clientsByBaseUrl.set(options.baseUrl, client);
  }
  return client;
}

/** Valid answers kept for `cacheTtlMs`, per client, keyed by a digest of the secret and the question. */
class AnswerCache {
  static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { answer: VerifyAnswer; untilMs: number }>();

  get(key: string, nowMs: number): VerifyAnswer | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (nowMs >= entry.untilMs) {
      this.entries.delete(key);
      return null;
    }
    return entry.answer;
  }

  put(key: string, answer: VerifyAnswer, ttlMs: number, nowMs: number): void {
    // Each use of a limited token must reach Tessera, or the limit would not hold.
    if (!answer.valid || answer.remaining !== null || answer.ratelimit !== null) return;
    const expiresAtMs = answer.token?.expires_at
      ? Date.parse(answer.token.expires_at)
      : Number.POSITIVE_INFINITY;
    const untilMs = Math.min(nowMs + ttlMs, expiresAtMs);
    if (this.entries.size >= AnswerCache.MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { answer, untilMs });
  }
}

const caches = new WeakMap<Tessera, AnswerCache>();

async function cacheKeyOf(secret: string, question: readonly (string | undefined)[]): Promise<string> {
  // The secret itself is not kept in memory longer than the request: only its digest is a key.
  const text = JSON.stringify([secret, ...question]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Verifies the bearer token of a request. Resolves to `{ok: true, answer}`, or to the refusal to
 * send: 401 (no, or an invalid, token; with `WWW-Authenticate: Bearer`) or 403 (a valid token without
 * the right, or over its rate limit). Never throws for a refusal; it throws a TesseraError only when
 * Tessera could not answer (the adapters then answer 503: fail closed).
 */
export async function verifyRequest<R extends RequestLike>(
  request: R,
  options: VerifyRequestOptions<R>,
): Promise<VerifyOutcome> {
  const client = clientOf(options as VerifyRequestOptions<never>);
  const secret = BEARER.exec(authorizationOf(request) ?? '')?.[1];
  if (secret === undefined) {
    return refusal(401, 'unauthorized', 'a bearer token is required', null, null, 'Bearer realm="tessera"');
  }
  if (secret.length > MAX_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(secret))
    return refusal(401, 'unauthorized', 'the bearer token is not valid', null, null, INVALID_TOKEN);
  const action = valueFor(options.action, request);
  const resource = valueFor(options.resource, request);
  const ip =
    options.ip === undefined
      ? isFetchRequest(request)
        ? undefined
        : request.socket?.remoteAddress
      : valueFor(options.ip, request);
  const ttlMs = options.cacheTtlMs ?? 0;
  let cache: AnswerCache | undefined;
  let key = '';
  if (ttlMs > 0) {
    cache = caches.get(client) ?? new AnswerCache();
    caches.set(client, cache);
    // Guards with different TTLs share a client: each keeps to its own bound.
    key = await cacheKeyOf(secret, [String(ttlMs), action, resource, ip]);
    const cached = cache.get(key, Date.now());
    if (cached !== null) return { ok: true, answer: cached };
  }
  const question = {
    ...(action === undefined ? {} : { action }),
    ...(resource === undefined ? {} : { resource }),
    ...(ip === undefined ? {} : { ip }),
  };
  let verified: { data: VerifyAnswer; requestId: string | null };
  try {
    verified = await client.verify(secret, question).withResponse();
  } catch (error) {
    // A 400 is about what this request presented (an ip or resource Tessera cannot take): a refusal
    // of this request, never a sign that Tessera is down.
    if (error instanceof TesseraError && error.status === 400)
      return refusal(
        401,
        'unauthorized',
        'the bearer token is not valid',
        null,
        error.requestId,
        INVALID_TOKEN,
      );
    throw error;
  }
  const { data: answer, requestId } = verified;
  if (answer.valid) {
    cache?.put(key, answer, ttlMs, Date.now());
    return { ok: true, answer };
  }
  if (answer.code === 'forbidden')
    return refusal(
      403,
      'forbidden',
      `this token may not ${action ?? 'do that'}${resource === undefined ? '' : ` on ${resource}`}`,
      answer,
      requestId,
      '',
    );
  if (answer.code === 'rate_limited')
    return refusal(
      403,
      'rate_limited',
      'this token is over its rate limit; try again later',
      answer,
      requestId,
      '',
    );
  // Every other refusal is one indistinguishable 401, as on Tessera's own API: the caller learns
  // nothing about which tokens exist. The reason is on `answer.code`, for the server's own logs.
  return refusal(401, 'unauthorized', 'the bearer token is not valid', answer, requestId, INVALID_TOKEN);
}

/** The answer when Tessera itself could not be asked: fail closed, never let the request through. */
function unavailable(error: unknown): { status: 503; headers: Record<string, string>; problem: Problem } {
  const requestId = error instanceof TesseraError ? error.requestId : null;
  return {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
    problem: {
      type: 'urn:tessera:problem:service_unavailable',
      title: 'Service unavailable',
      status: 503,
      code: 'service_unavailable',
      detail: 'the token could not be verified right now',
      request_id: requestId ?? '',
    } as Problem,
  };
}

async function decide<R extends RequestLike>(
  request: R,
  options: VerifyRequestOptions<R>,
): Promise<
  | { ok: true; answer: VerifyAnswer }
  | { ok: false; status: number; headers: Readonly<Record<string, string>>; problem: Problem }
> {
  try {
    return await verifyRequest(request, options);
  } catch (error) {
    if (error instanceof TypeError) throw error;
    return { ok: false, ...unavailable(error) };
  }
}

/** A Fastify request and reply, as far as the hook uses them. */
export interface FastifyRequestLike {
  readonly raw: NodeRequestLike;
  readonly url: string;
  readonly method: string;
  tessera?: VerifyAnswer;
}
export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload: unknown): unknown;
}

/**
 * A Fastify `onRequest` or `preHandler` hook: refusals are answered, an accepted request carries the
 * answer as `request.tessera`.
 * @example app.addHook('preHandler', tesseraFastify({ baseUrl, action: 'orders:read' }));
 */
export function tesseraFastify<R extends FastifyRequestLike>(options: VerifyRequestOptions<R>) {
  return async (request: R, reply: FastifyReplyLike): Promise<void> => {
    const outcome = await decide(request.raw, {
      ...options,
      action: perRequestOf(options.action, request),
      resource: perRequestOf(options.resource, request),
      ip: options.ip === undefined ? undefined : perRequestOf(options.ip, request),
    } as VerifyRequestOptions<NodeRequestLike>);
    if (outcome.ok) {
      request.tessera = outcome.answer;
      return;
    }
    await reply
      .code(outcome.status)
      .headers({ ...outcome.headers })
      .send(JSON.stringify(outcome.problem));
  };
}

/** Options worked out from the framework's request are asked of it, not of the raw Node request. */
function perRequestOf<T, R>(option: PerRequest<T, R> | undefined, request: R): T | undefined {
  return valueFor(option, request);
}

/** A Node or Express request and response, as far as the middleware uses them. */
export interface ExpressRequestLike extends NodeRequestLike {
  tessera?: VerifyAnswer;
}
export interface ExpressResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * Express (or plain `node:http`) middleware `(req, res, next)`: refusals are answered, an accepted
 * request carries the answer as `req.tessera`.
 * @example app.use(tesseraExpress({ baseUrl, action: 'orders:read' }));
 */
export function tesseraExpress<R extends ExpressRequestLike>(options: VerifyRequestOptions<R>) {
  return (request: R, response: ExpressResponseLike, next: (error?: unknown) => void): void => {
    // next() runs outside the promise chain: what the rest of the app throws is its own error, as
    // from any synchronous middleware, never an unhandled rejection of ours.
    decide(request, options).then(
      (outcome) => {
        if (outcome.ok) {
          request.tessera = outcome.answer;
          queueMicrotask(() => next());
          return;
        }
        response.statusCode = outcome.status;
        for (const [name, value] of Object.entries(outcome.headers)) response.setHeader(name, value);
        response.end(JSON.stringify(outcome.problem));
      },
      (error: unknown) => queueMicrotask(() => next(error)),
    );
  };
}

/** A Hono context, as far as the middleware uses it. */
export interface HonoContextLike {
  readonly req: {
    readonly raw: FetchRequestLike;
    readonly path: string;
    readonly url: string;
    readonly method: string;
  };
  set(key: 'tessera', value: VerifyAnswer): void;
}

/**
 * Hono middleware: refusals are answered with a Response, an accepted request carries the answer as
 * `c.get('tessera')`.
 * @example app.use('/orders/*', tesseraHono({ baseUrl, action: 'orders:read' }));
 */
export function tesseraHono<C extends HonoContextLike>(options: VerifyRequestOptions<C>) {
  return async (context: C, next: () => Promise<void>): Promise<Response | undefined> => {
    const outcome = await decide(context.req.raw, {
      ...options,
      action: perRequestOf(options.action, context),
      resource: perRequestOf(options.resource, context),
      ip: perRequestOf(options.ip, context),
    } as VerifyRequestOptions<FetchRequestLike>);
    if (!outcome.ok) {
      return new Response(JSON.stringify(outcome.problem), {
        status: outcome.status,
        headers: outcome.headers,
      });
    }
    context.set('tessera', outcome.answer);
    await next();
    return undefined;
  };
}

/** A Fetch handler protected by Tessera: `(request) => Response`, for Deno, Bun, workers and Node's own fetch servers. */
export function withTessera<R extends Request>(
  options: VerifyRequestOptions<R>,
  handler: (request: R, answer: VerifyAnswer) => Response | Promise<Response>,
): (request: R) => Promise<Response> {
  return async (request) => {
    const outcome = await decide(request, options);
    if (!outcome.ok)
      return new Response(JSON.stringify(outcome.problem), {
        status: outcome.status,
        headers: outcome.headers,
      });
    return handler(request, outcome.answer);
  };
}
