// The explicit dependencies every use-case receives: nothing reaches for globals.
import type { CredentialCache } from '../cache/lru.js';
import type { ServerKeyRing } from '../core/server-key.js';
import type { QueryCounts } from '../store/decorators/query-counting.js';
import type { Store } from '../store/store.js';
import type { EventSettings } from './events/settings.js';
import type { Signal } from './events/signal.js';
import type { GithubScanningKey } from './leaks/github-keys.js';
import type { Limiter } from './limiter.js';
import type { UseRecorder } from './usage.js';

export interface Clock {
  nowMs(): number;
}

export interface RandomSource {
  bytes(length: number): Buffer;
}

/** The slice of pino the services use; tests may pass any logger of this shape. */
export interface LoggerLike {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface ServiceSettings {
  readonly permanentTokenCap: number;
  readonly events: EventSettings;
  /** TESSERA_IMPORT_PREFIXES: what imported secrets start with; empty: nothing can be imported. */
  readonly importPrefixes: readonly string[];
  /** TESSERA_LEAK_REPORTS_PER_MINUTE: leak reports one client address may make a minute. */
  readonly leakReportsPerMinute: number;
  /** The keys of TESSERA_GITHUB_SCANNING_KEYS; null: POST /v1/leaks/github is off (404). */
  readonly githubScanningKeys: readonly GithubScanningKey[] | null;
  /** TESSERA_TRUST_PROXY, as Fastify's trustProxy takes it: whose X-Forwarded-For names the client. */
  readonly trustProxy?: false | number | readonly string[];
  /** TESSERA_CORS_ORIGINS: the browser origins that get CORS headers; none by default. */
  readonly corsOrigins?: readonly string[];
  /** TESSERA_METRICS_TOKEN: the bearer /metrics requires; absent or null: /metrics is public. */
  readonly metricsToken?: string | null;
  /** TESSERA_METRICS_PORT: /metrics on its own listener (not on the API's port); absent or null: on it. */
  readonly metricsPort?: number | null;
}

/** Something an instance depends on, as /readyz reports it. */
export interface DependencyCheck {
  readonly name: string;
  /** When a critical dependency is down the instance is not ready (503); otherwise it runs degraded. */
  readonly critical: boolean;
  check(): Promise<void>;
}

export interface Deps {
  readonly checks: readonly DependencyCheck[];
  /** Releases what the composition root opened besides the store (the Redis connection). */
  close(): Promise<void>;
  readonly store: Store;
  /** What verifications read; the store's writes invalidate it (see cache/invalidating-store.ts). */
  readonly cache: CredentialCache;
  /** What the store was asked, by operation, for /metrics. */
  readonly queryCounts: QueryCounts;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keys: ServerKeyRing;
  readonly logger: LoggerLike;
  readonly settings: ServiceSettings;
  readonly usage: UseRecorder;
  readonly limiter: Limiter;
  /** Notified after a write that appended outbox events commits (the dispatcher listens). */
  readonly eventsWritten: Signal;
}

/** Who is acting, and where from: carried into every audit event. */
export interface RequestContext {
  readonly clientIp: string | null;
  readonly requestId: string | null;
  /** The vendor dialect the request came through (`fastly`, …); absent on the native API. */
  readonly via?: string | undefined;
}
