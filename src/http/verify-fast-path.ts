// POST /v1/verify's fast path: the one request a resource server makes per call of its own, answered on
// plain node:http in front of Fastify. It takes only the plainest request — `{"token":"…"}` exactly, as
// JSON.stringify writes it, with a JSON content type and a small Content-Length — and runs the same
// verifySecret and the same answer as the Fastify route. Everything else (any other field, whitespace,
// another content type, a query, CORS, a proxy header, debug logging, a closing server) goes to Fastify
// untouched or with the body it read handed back, so every refusal and error keeps its one shape.
// Why: Fastify's request pipeline (hooks, parser, validator, serializer, reply) costs about as much
// per verification as the verification itself; see docs/performance.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { VerifyCode } from '../core/verify.js';
import type { Deps } from '../services/deps.js';
import { type Verification, verifySecretNow } from '../services/verify.js';
import type { Metrics } from './metrics.js';
import { answerOf } from './verify-answer.js';

/** The body the fast path takes: the secret alone, in the exact bytes JSON.stringify gives it. */
const PLAIN_VERIFY_BODY = /^\{"token":"([A-Za-z0-9_-]{1,1024})"\}$/;
/** `{"token":""}` plus the longest secret the schema allows: anything longer is Fastify's to refuse. */
const MAX_FAST_BODY_BYTES = 1024 + 12;
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

/** On the raw request handed to Fastify: the body the fast path already read from it. */
const READ_BODY = Symbol('tessera.verifyBodyRead');
/** On the raw request handed to Fastify: the verification that failed (storage), to answer as a 503. */
const FAILED_VERIFICATION = Symbol('tessera.verifyFailed');

type HandedOver = IncomingMessage & { [READ_BODY]?: Buffer; [FAILED_VERIFICATION]?: unknown };

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface FastPathCounts {
  /** Verifications answered here. */
  served: number;
  /** Requests for POST /v1/verify handed to Fastify (before or after reading the body). */
  handedOver: number;
}

/**
 * A verification's answer body depends only on the credential and the outcome when it carries no
 * rate window, no uses left and no decision: kept per credential (a cached credential is the same
 * object from hit to hit), so a hit serializes nothing.
 */
const preparedAnswers = new WeakMap<object, Map<VerifyCode, Buffer>>();
const refusalAnswers = new Map<VerifyCode, Buffer>();

function answerBytes(verification: Verification): Buffer {
  const { outcome } = verification;
  if (
    verification.rateLimit !== null ||
    verification.remainingUses !== null ||
    verification.decision !== null
  )
    return Buffer.from(JSON.stringify(answerOf(verification)));
  const byCode =
    outcome.credential === null
      ? refusalAnswers
      : (preparedAnswers.get(outcome.credential) ??
        preparedAnswers.set(outcome.credential, new Map()).get(outcome.credential)!);
  let bytes = byCode.get(outcome.code);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(answerOf(verification)));
    byCode.set(outcome.code, bytes);
  }
  return bytes;
}

export interface VerifyFastPathOptions {
  readonly deps: Pick<
    Deps,
    'store' | 'cache' | 'keys' | 'clock' | 'usage' | 'limiter' | 'random' | 'settings'
  >;
  readonly metrics: Metrics;
  readonly nextRequestId: () => string;
}

export class VerifyFastPath {
  readonly counts: FastPathCounts = { served: 0, handedOver: 0 };
  /** Off while the server closes (Fastify answers 503 and closes connections) and when built off. */
  enabled = true;
  /** Off when answers must carry what only Fastify adds (CORS, a proxy's client address, debug logs). */
  private readonly eligible: boolean;

  constructor(
    private readonly options: VerifyFastPathOptions,
    settings: {
      readonly logLevel: string;
      readonly corsOrigins: readonly string[];
      readonly trustProxy: boolean;
    },
  ) {
    this.eligible =
      settings.corsOrigins.length === 0 &&
      !settings.trustProxy &&
      settings.logLevel !== 'debug' &&
      settings.logLevel !== 'trace';
  }

  /** One request: this path for the plain verification, Fastify's `fallback` for the rest. */
  handle(request: IncomingMessage, response: ServerResponse, fallback: Handler): void {
    if (request.method !== 'POST' || request.url !== '/v1/verify') {
      fallback(request, response);
      return;
    }
    if (!this.takes(request)) {
      this.counts.handedOver++;
      fallback(request, response);
      return;
    }
    this.read(request, response, fallback);
  }

  private takes(request: IncomingMessage): boolean {
    if (!this.enabled || !this.eligible) return false;
    const { headers } = request;
    const type = headers['content-type'];
    const length = headers['content-length'];
    return (
      type !== undefined &&
      JSON_TYPES.has(type.toLowerCase()) &&
      length !== undefined &&
      Number(length) <= MAX_FAST_BODY_BYTES &&
      headers['transfer-encoding'] === undefined &&
      headers['content-encoding'] === undefined
    );
  }

  private read(request: IncomingMessage, response: ServerResponse, fallback: Handler): void {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const secret = PLAIN_VERIFY_BODY.exec(body.toString('latin1'))?.[1];
      if (secret === undefined) {
        this.handOver(request as HandedOver, response, fallback, body);
        return;
      }
      const handed = request as HandedOver;
      // A throw here (in an event handler) would crash the process, and one in a promise's handlers an
      // unhandled rejection: each is caught and answered by `fail`.
      try {
        const verification = verifySecretNow(this.options.deps, secret, {
          explainRefusal: true,
          door: 'verify',
          presenter: {
            ip: request.socket.remoteAddress ?? null,
            userAgent: request.headers['user-agent'] ?? null,
          },
        });
        // A cached credential is answered in this very tick, with no promise and no closure.
        if (!(verification instanceof Promise)) {
          this.answer(response, verification, startedAt);
          return;
        }
        verification
          .then((settled) => this.answer(response, settled, startedAt))
          .catch((error: unknown) => this.fail(handed, response, fallback, body, error));
      } catch (error) {
        this.fail(handed, response, fallback, body, error);
      }
    });
  }

  /**
   * Fastify answers a failed verification as the route would have: the one 503 problem, logged as
   * every error is (fail closed). An answer already begun can only be cut off.
   */
  private fail(
    request: HandedOver,
    response: ServerResponse,
    fallback: Handler,
    body: Buffer,
    error: unknown,
  ): void {
    if (response.headersSent) {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    request[FAILED_VERIFICATION] = error;
    this.handOver(request, response, fallback, body);
  }

  private handOver(request: HandedOver, response: ServerResponse, fallback: Handler, body: Buffer): void {
    this.counts.handedOver++;
    request[READ_BODY] = body;
    fallback(request, response);
  }

  private answer(response: ServerResponse, verification: Verification, startedAt: number): void {
    const bytes = answerBytes(verification);
    response.writeHead(200, {
      'x-request-id': this.options.nextRequestId(),
      'content-type': 'application/json; charset=utf-8',
      'content-length': bytes.length,
    });
    response.end(bytes);
    this.counts.served++;
    const { metrics } = this.options;
    metrics.verification('verify', verification.outcome.code);
    metrics.observeRequest('POST', '/v1/verify', 200, (performance.now() - startedAt) / 1000);
  }
}

/**
 * Fastify's preParsing hook: a request the fast path read and handed over is parsed from the bytes it
 * read (its stream has ended).
 */
export function replayReadBody(raw: IncomingMessage): Readable | null {
  const body = (raw as HandedOver)[READ_BODY];
  return body === undefined ? null : Readable.from([body]);
}

/** The storage failure the fast path met, for the route to answer (never verified twice). */
export function failedFastVerification(raw: IncomingMessage): { error: unknown } | null {
  const handed = raw as HandedOver;
  return FAILED_VERIFICATION in handed ? { error: handed[FAILED_VERIFICATION] } : null;
}
