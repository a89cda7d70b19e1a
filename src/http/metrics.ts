// GET /metrics in the Prometheus text format: requests and latency per route, verification outcomes
// per code, verify-cache lookups, store queries per operation, pool and dependency state. The hot path
// only bumps plain numbers (tallies.ts); prom-client reads them, and everything else, at scrape time.
// Labels are route patterns and closed codes, never a URL or a value a caller chose, so no secret can
// reach a metric.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Type } from 'typebox';
import { TesseraError } from '../core/errors.js';
import type { VerifyCode } from '../core/verify.js';
import type { Deps } from '../services/deps.js';
import { probe } from '../services/probe.js';
import { WWW_AUTHENTICATE } from './auth.js';
import { problems } from './schemas.js';
import { mirroredCounter, TalliedHistogram, Tally } from './tallies.js';

/** Where a secret was presented: verify's body, the bearer header, or a vendor dialect's own header. */
export type VerifyDoor = 'verify' | 'bearer' | `compat_${string}`;

/** Counting live tokens per key version reads the secrets table: a scrape every few seconds reuses it. */
const LIVE_KEY_COUNT_TTL_MS = 60_000;

/** `read`, called at most once per `ttlMs` (a failed read is not kept). */
function memoized<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let kept: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (kept === null || now - kept.at >= ttlMs) {
      const value = read();
      kept = { at: now, value };
      value.catch(() => {
        kept = null;
      });
    }
    return kept.value;
  };
}

export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Tally(['method', 'route', 'status']);
  private readonly verifications = new Tally(['door', 'code']);
  private readonly bearerRefusals = new Tally(['door', 'reason']);
  private readonly duration: TalliedHistogram;

  constructor(deps: Pick<Deps, 'cache' | 'queryCounts' | 'store' | 'checks' | 'clock'>) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry });
    mirroredCounter(
      registry,
      'tessera_http_requests_total',
      'HTTP requests answered, by method, route pattern and status',
      ['method', 'route', 'status'],
      () => this.requests.entries(),
    );
    this.duration = new TalliedHistogram(
      registry,
      'tessera_http_request_duration_seconds',
      'Time from request to response, by method and route pattern',
      ['method', 'route'],
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    mirroredCounter(
      registry,
      'tessera_verifications_total',
      'Verifications by door (verify endpoint or bearer token) and outcome code',
      ['door', 'code'],
      () => this.verifications.entries(),
    );
    mirroredCounter(
      registry,
      'tessera_bearer_refusals_total',
      'Bearer tokens refused with the one indistinguishable 401 for a reason worth telling the operator (allowed_cidrs)',
      ['door', 'reason'],
      () => this.bearerRefusals.entries(),
    );

    const { cache, queryCounts, store, checks } = deps;
    mirroredCounter(
      registry,
      'tessera_verify_cache_lookups_total',
      'Verify cache lookups: hit (a credential), negative_hit (a digest known not to exist), miss',
      ['result'],
      () => [
        [{ result: 'hit' }, cache.counters.hits],
        [{ result: 'negative_hit' }, cache.counters.negativeHits],
        [{ result: 'miss' }, cache.counters.misses],
      ],
    );
    mirroredCounter(
      registry,
      'tessera_verify_cache_dropped_fills_total',
      'Store reads not cached because a change was invalidated while they were in flight',
      [],
      () => [[{}, cache.counters.droppedFills]],
    );
    mirroredCounter(
      registry,
      'tessera_store_queries_total',
      'Store operations called, by operation (each is one query or one short transaction)',
      ['operation'],
      () => [...queryCounts.byOperation].map(([operation, total]) => [{ operation }, total]),
    );
    new Gauge({
      name: 'tessera_verify_cache_entries',
      help: 'Entries in the verify cache: positive (credentials) and negative (unknown digests)',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        this.set({ kind: 'positive' }, cache.size.positive);
        this.set({ kind: 'negative' }, cache.size.negative);
      },
    });
    new Gauge({
      name: 'tessera_verify_cache_enabled',
      help: '1 while credentials are cached; 0 while invalidations from other instances cannot be heard',
      registers: [registry],
      collect() {
        this.set(cache.positiveEnabled ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tessera_db_pool_connections',
      help: 'PostgreSQL pool connections: total, idle, and requests waiting for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = store.poolStats();
        if (stats === null) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    const liveByKeyVersion = memoized(LIVE_KEY_COUNT_TTL_MS, () =>
      store.countLiveTokensByKeyVersion(deps.clock.nowMs()),
    );
    new Gauge({
      name: 'tessera_live_tokens_by_key_version',
      help: 'Live tokens each server-key version still hashes (counted at most once a minute): a version at 0 may be dropped from TESSERA_SECRET_KEY',
      labelNames: ['version'],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const [version, live] of await liveByKeyVersion())
            this.set({ version: String(version) }, live);
        } catch {
          // The database is down: tessera_dependency_up says so, and the rest of the scrape still answers.
        }
      },
    });
    new Gauge({
      name: 'tessera_dependency_up',
      help: 'Whether each dependency (database, redis, cache_invalidation) answers, as /readyz reports',
      labelNames: ['dependency'],
      registers: [registry],
      async collect() {
        const states = await Promise.all(
          checks.map(async (dependency) => [dependency.name, (await probe(dependency)).up] as const),
        );
        for (const [name, up] of states) this.set({ dependency: name }, up ? 1 : 0);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const routeKey = `${method} ${route}`;
    this.requests.add(`${routeKey} ${status}`);
    this.duration.observe(routeKey, seconds);
  }

  verification(door: VerifyDoor, code: VerifyCode): void {
    this.verifications.add(`${door} ${code}`);
  }

  /** A refusal the caller only sees as a 401, counted by why (SPEC keeps the answer indistinguishable). */
  bearerRefusal(door: VerifyDoor, reason: 'allowed_cidrs'): void {
    this.bearerRefusals.add(`${door} ${reason}`);
  }
}

/** Every answer counted and timed, by route pattern. On the API's own server, wherever /metrics is. */
export function observeRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs share one label: a scanner's paths must not become label values.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * TESSERA_METRICS_TOKEN: the bearer /metrics then requires. Compared as SHA-256 digests with
 * timingSafeEqual, so neither the time taken nor a length mismatch tells how much of a guess was right.
 */
function metricsTokenCheck(token: string): (request: FastifyRequest) => Promise<void> {
  const expected = createHash('sha256').update(token).digest();
  return async (request) => {
    const header = request.headers.authorization;
    const presented = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    const digest = createHash('sha256').update(presented).digest();
    if (presented === '' || !timingSafeEqual(digest, expected))
      throw new TesseraError('unauthorized', 'GET /metrics needs the bearer TESSERA_METRICS_TOKEN names', {
        headers: { 'www-authenticate': WWW_AUTHENTICATE },
      });
  };
}

/** GET /metrics: public, or behind TESSERA_METRICS_TOKEN when `token` is given. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | null): void {
  app.get(
    '/metrics',
    {
      ...(token === null ? {} : { onRequest: metricsTokenCheck(token) }),
      schema: {
        tags: ['ops'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Requests and latency per route, verifications per outcome code, verify-cache lookups, store queries, pool and dependency state, in the Prometheus text format. ' +
          'Public unless the server sets TESSERA_METRICS_TOKEN: then that bearer (not a Tessera token) is required.',
        // With a metrics token, the document says a bearer is needed (build-server keeps this).
        ...(token === null ? {} : { security: [{ bearer: [] }] }),
        response: {
          200: {
            description: 'The metrics, in the Prometheus text exposition format',
            content: { 'text/plain': { schema: Type.String({ description: 'Prometheus text format' }) } },
          },
          ...(token === null ? problems(400) : problems(400, 401)),
        },
      },
    },
    async (_request, reply) =>
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
