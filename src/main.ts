// The composition root: config → logger, key, store → deps → first-start bootstrap → HTTP server.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { bootstrapFileNotice, writeBootstrapTokenFile } from './bootstrap-token-file.js';
import { invalidating } from './cache/invalidating-store.js';
import { CredentialCache, DEFAULT_CACHE_SETTINGS } from './cache/lru.js';
import { localInvalidation, RedisInvalidation } from './cache/redis-invalidation.js';
import { RedisLimiter } from './cache/redis-limiter.js';
import { type Config, ConfigError } from './config.js';
import { buildServer } from './http/build-server.js';
import { buildMetricsServer } from './http/metrics-server.js';
import { createLogger } from './logger.js';
import { loadServerKeyRing } from './server-key-file.js';
import type { Clock, DependencyCheck, Deps, RandomSource } from './services/deps.js';
import { Signal } from './services/events/signal.js';
import { type EventWorkers, startEventWorkers } from './services/events/workers.js';
import { type GithubScanningKey, parseGithubScanningKeys } from './services/leaks/github-keys.js';
import { LocalLimiter } from './services/limiter.js';
import { ensureServerKeys } from './services/server-keys.js';
import { bootstrapIfEmpty, type CreatedTenant } from './services/tenants.js';
import { UseRecorder } from './services/usage.js';
import { startUsageRetention } from './services/usage-retention.js';
import type { Resolver } from './services/webhooks/address-guard.js';
import { announcingEventWrites } from './store/decorators/event-writes.js';
import { failClosed } from './store/decorators/fail-closed.js';
import { countingQueries, QueryCounts } from './store/decorators/query-counting.js';
import { openPostgresStore } from './store/postgres/open.js';
import { openSqliteStore } from './store/sqlite/open.js';
import type { Store } from './store/store.js';

export const systemClock: Clock = { nowMs: () => Date.now() };
export const systemRandom: RandomSource = { bytes: (length) => randomBytes(length) };

export function openStore(config: Config): Store {
  if (config.databaseUrl !== null) {
    return openPostgresStore({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
    });
  }
  return openSqliteStore(join(config.dataDir, 'tessera.db'));
}

export interface Overrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly store?: Store;
  /** How webhook hosts are resolved (tests answer chosen addresses); the system resolver by default. */
  readonly resolve?: Resolver;
  /** Where the first-start banner goes; stdout by default. */
  readonly announce?: (text: string) => void;
  /** Tests run POST /v1/verify both through its fast path (the default) and through Fastify alone. */
  readonly verifyFastPath?: boolean;
}

/** Opens storage, migrates, checks the server key, and bootstraps an empty database. */
export async function prepareDeps(
  config: Config,
  overrides: Overrides = {},
): Promise<{ deps: Deps; logger: Logger }> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const keys = loadServerKeyRing(config, logger);
  const githubScanningKeys = loadGithubScanningKeys(config.githubScanningKeysFile);
  const cache = new CredentialCache({
    ...DEFAULT_CACHE_SETTINGS,
    maxEntries: config.cacheSize,
    ttlMs: config.cacheTtlMs,
  });
  const redis = config.redisUrl === null ? null : openRedis(config.redisUrl);
  const invalidation =
    redis === null
      ? null
      : new RedisInvalidation(cache, redis, openRedis(config.redisUrl!, { subscriber: true }), logger);
  // Every storage failure, whatever the driver made of it, becomes a 503 at the edge (fail closed);
  // every write a verification depends on invalidates the cache here and, through Redis, everywhere.
  const queryCounts = new QueryCounts();
  const eventsWritten = new Signal();
  const store = announcingEventWrites(
    invalidating(
      failClosed(countingQueries(overrides.store ?? openStore(config), queryCounts)),
      invalidation ?? localInvalidation(cache),
    ),
    () => eventsWritten.notify(),
  );
  const closeRedis = () => {
    invalidation?.close();
    redis?.disconnect();
  };
  try {
    await store.migrate();
    const checks: DependencyCheck[] = [{ name: 'database', critical: true, check: () => store.ping() }];
    if (redis !== null) {
      // Redis down degrades (local rate-limit counters) but does not make an instance unready.
      checks.push({ name: 'redis', critical: false, check: async () => void (await redis.ping()) });
      // Unheard invalidations switch the verify cache off: slower, never stale.
      checks.push({
        name: 'cache_invalidation',
        critical: false,
        check: async () => {
          if (!invalidation?.hearing) throw new Error('not subscribed: verify cache off');
        },
      });
    }
    const deps: Deps = {
      store,
      checks,
      close: async () => closeRedis(),
      cache,
      queryCounts,
      usage: new UseRecorder(store, logger),
      limiter: redis === null ? new LocalLimiter() : new RedisLimiter(redis, logger),
      eventsWritten,
      keys,
      logger,
      clock: overrides.clock ?? systemClock,
      random: overrides.random ?? systemRandom,
      settings: {
        permanentTokenCap: config.permanentTokenCap,
        events: config.events,
        importPrefixes: config.importPrefixes,
        leakReportsPerMinute: config.leakReportsPerMinute,
        githubScanningKeys,
        trustProxy: config.trustProxy,
        corsOrigins: config.corsOrigins,
        metricsToken: config.metricsToken,
        metricsPort: config.metricsPort,
      },
    };
    await ensureServerKeys(deps, { allowKeyDrop: config.allowKeyDrop });
    return { deps, logger };
  } catch (error) {
    closeRedis();
    await store.close();
    throw error;
  }
}

/** GitHub's secret-scanning keys from the file TESSERA_GITHUB_SCANNING_KEYS names; a bad file stops the start. */
function loadGithubScanningKeys(file: string | null): readonly GithubScanningKey[] | null {
  if (file === null) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `TESSERA_GITHUB_SCANNING_KEYS: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  const keys = parseGithubScanningKeys(text);
  if (typeof keys === 'string') throw new ConfigError([`TESSERA_GITHUB_SCANNING_KEYS: ${file} ${keys}`]);
  return keys;
}

/**
 * A Redis client that fails fast: no offline queue, so a command while Redis is away fails at once
 * (and the caller falls back) instead of waiting; it reconnects by itself in the background.
 */
function openRedis(url: string, { subscriber = false } = {}): Redis {
  const redis = new Redis(url, {
    // The subscriber subscribes again itself on every reconnect, after turning the cache off.
    autoResubscribe: !subscriber,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 1000),
  });
  redis.on('error', () => {}); // reported through the limiter's fallback and /readyz, not as a crash
  return redis;
}

export function firstStartBanner(created: CreatedTenant, baseUrl: string): string {
  const rule = '='.repeat(78);
  return [
    rule,
    ' Tessera is set up. This is the first owner token. It is shown ONCE, now:',
    '',
    created.owner.token.secret,
    '',
    ' Store it in your password manager or secret store. Try it:',
    `   curl -H "Authorization: Bearer <token>" ${baseUrl}/v1/tokens/self`,
    ' Lost it? On this machine run: tessera admin owner-token (or node dist/src/cli/main.js admin owner-token)',
    rule,
    '',
  ].join('\n');
}

export interface RunningTessera {
  readonly app: FastifyInstance;
  readonly deps: Deps;
  readonly url: string;
  /** TESSERA_METRICS_PORT's listener, when set: where /metrics is served instead of `url`. */
  readonly metricsUrl: string | null;
  close(): Promise<void>;
}

/** The port a listener got (the configured one, or the one the system chose for port 0). */
function listeningPort(server: FastifyInstance, configured: number): number {
  const address = server.server.address();
  return typeof address === 'object' && address !== null ? address.port : configured;
}

export async function startTessera(config: Config, overrides: Overrides = {}): Promise<RunningTessera> {
  const { deps, logger } = await prepareDeps(config, overrides);
  const app = await buildServer(
    deps,
    logger,
    overrides.verifyFastPath === undefined ? {} : { verifyFastPath: overrides.verifyFastPath },
  );
  const retention = startUsageRetention(deps);
  let workers: EventWorkers | null = null;
  let metricsServer: FastifyInstance | null = null;
  // While shutting down, every answer closes its connection: a client's keep-alive connection would
  // otherwise hold the close open until the server's keep-alive timeout, after the last request.
  let draining = false;
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  const close = () => {
    draining = true;
    return app.close();
  };
  app.addHook('onClose', async () => {
    await metricsServer?.close();
    // No new claims; attempts under way get a moment to finish (an unfinished one is sent again).
    await workers?.stop();
    await retention.stop();
    // Written-behind uses reach the database before it closes (SPEC: flushed on shutdown).
    await deps.usage.flush();
    await deps.close();
    await deps.store.close();
  });
  try {
    const tokenFile = config.bootstrapTokenFile;
    // With a token file, the token is in it before the set-up commits (or nothing is set up).
    const created = await bootstrapIfEmpty(
      deps,
      tokenFile === null
        ? undefined
        : (tenant) => writeBootstrapTokenFile(tokenFile, tenant.owner.token.secret),
    );
    const displayHost = config.host.includes(':') ? `[${config.host}]` : config.host;
    if (created !== null) {
      // The banner goes out before the server accepts connections, and never through the logger.
      const announce = overrides.announce ?? ((text: string) => process.stdout.write(text));
      const baseUrl = `http://${displayHost}:${config.port === 0 ? '<port>' : config.port}`;
      announce(
        tokenFile === null ? firstStartBanner(created, baseUrl) : bootstrapFileNotice(tokenFile, baseUrl),
      );
    }
    await app.listen({ port: config.port, host: config.host });
    let metricsUrl: string | null = null;
    if (config.metricsPort !== null) {
      metricsServer = await buildMetricsServer(app.metrics, config.metricsToken, logger);
      await metricsServer.listen({ port: config.metricsPort, host: config.host });
      metricsUrl = `http://${displayHost}:${listeningPort(metricsServer, config.metricsPort)}`;
    }
    workers = startEventWorkers(deps, overrides.resolve);
    const url = `http://${displayHost}:${listeningPort(app, config.port)}`;
    return { app, deps, url, metricsUrl, close };
  } catch (error) {
    await app.close();
    throw error;
  }
}
