// Every setting, read from the environment once at start and validated; a bad value stops the start
// with a message naming the variable. Nothing else in Tessera reads process.env.
import { parseCidr } from './core/cidr.js';
import { parseImportPrefixes } from './core/imported-secret.js';
import { parseServerKeyRing } from './core/server-key.js';
import { DEFAULT_EVENT_SETTINGS, type EventSettings, parseLeadTimes } from './services/events/settings.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** `postgres://…` selects PostgreSQL; null means the SQLite file in the data directory. */
  readonly databaseUrl: string | null;
  readonly redisUrl: string | null;
  /** Raw TESSERA_SECRET_KEY; null means "use or create <dataDir>/secret.key". */
  readonly secretKey: string | null;
  readonly permanentTokenCap: number;
  readonly logLevel: string;
  /** PostgreSQL connections per instance. */
  readonly databasePoolSize: number;
  /** PostgreSQL statement_timeout: a stuck query fails (503) instead of holding a request. */
  readonly databaseStatementTimeoutMs: number;
  /** Credentials the verify cache keeps (0: every verification reads the store). */
  readonly cacheSize: number;
  /** How long a cached credential is trusted if an invalidation were ever lost. */
  readonly cacheTtlMs: number;
  /** Expiry notices, the dispatcher's pace and the SSRF switch (TESSERA_EXPIRY_NOTICE, TESSERA_WEBHOOK_*). */
  readonly events: EventSettings;
  /** TESSERA_IMPORT_PREFIXES: what imported secrets start with (none: imports are refused). */
  readonly importPrefixes: readonly string[];
  /** TESSERA_LEAK_REPORTS_PER_MINUTE: leak reports per client address and minute. */
  readonly leakReportsPerMinute: number;
  /** TESSERA_GITHUB_SCANNING_KEYS: the file of GitHub's secret-scanning public keys; null: route off. */
  readonly githubScanningKeysFile: string | null;
  /**
   * TESSERA_TRUST_PROXY: whose X-Forwarded-For is believed for the client address: the proxies'
   * addresses or CIDR blocks, or how many proxy hops stand in front; false (the default): nobody's.
   */
  readonly trustProxy: TrustProxy;
  /**
   * TESSERA_ALLOW_KEY_DROP: start even when a key version that still hashes live tokens is no longer
   * configured (those tokens then fail as unknown); false (the default) refuses to start.
   */
  readonly allowKeyDrop: boolean;
  /** TESSERA_BOOTSTRAP_TOKEN_FILE: where the first owner token goes instead of stdout; null: stdout. */
  readonly bootstrapTokenFile: string | null;
  /** TESSERA_CORS_ORIGINS: browser origins (exact `scheme://host[:port]`) allowed to call the API. */
  readonly corsOrigins: readonly string[];
  /** TESSERA_METRICS_TOKEN: the bearer /metrics then requires; null: /metrics is public. */
  readonly metricsToken: string | null;
  /** TESSERA_METRICS_PORT: /metrics on a listener of its own (0: any free port), not on PORT; null: on PORT. */
  readonly metricsPort: number | null;
}

export type TrustProxy = false | number | readonly string[];

/** `off` (default), a hop count, or a comma-separated list of proxy addresses and CIDR blocks. */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw === 'off' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) problems.push('TESSERA_TRUST_PROXY as a hop count is 1 to 10');
    return hops;
  }
  const blocks = raw.split(',').map((entry) => entry.trim());
  const bad = blocks.find((block) => parseCidr(block) === null);
  if (bad !== undefined)
    problems.push(
      `TESSERA_TRUST_PROXY is off, a hop count, or proxy addresses and CIDR blocks ("${bad.slice(0, 60)}" is none of these)`,
    );
  return blocks;
}

/** Exact origins, as a browser sends them in `Origin`: no path, no wildcard, no trailing slash. */
function parseCorsOrigins(raw: string | undefined, problems: string[]): readonly string[] {
  if (raw === undefined) return [];
  const origins = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    if (parsed === null || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin)
      problems.push(
        `TESSERA_CORS_ORIGINS is a comma-separated list of exact origins such as https://app.example.com ("${origin.slice(0, 60)}" is not one)`,
      );
  }
  return origins;
}

const MIN_METRICS_TOKEN_LENGTH = 16;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ConfigFlags {
  readonly port?: string | undefined;
  readonly host?: string | undefined;
}

function integerSetting(name: string, raw: string, min: number, max: number, problems: string[]): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: ConfigFlags = {},
): Config {
  const problems: string[] = [];
  const port = integerSetting('PORT', flags.port ?? nonEmpty(env.PORT) ?? '8080', 0, 65535, problems);
  const host = flags.host ?? nonEmpty(env.HOST) ?? '127.0.0.1';
  const dataDir = nonEmpty(env.TESSERA_DATA_DIR) ?? './data';

  const databaseUrl = nonEmpty(env.DATABASE_URL) ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)',
    );
  }
  const redisUrl = nonEmpty(env.REDIS_URL) ?? null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss://');

  const secretKey = nonEmpty(env.TESSERA_SECRET_KEY) ?? null;
  if (secretKey !== null) {
    const ring = parseServerKeyRing(secretKey);
    if (typeof ring === 'string') problems.push(ring);
  }
  /** A whole-number setting from the environment, its default, and its allowed range. */
  const wholeNumber = (name: string, fallback: string, min: number, max: number) =>
    integerSetting(name, nonEmpty(env[name]) ?? fallback, min, max, problems);
  const permanentTokenCap = wholeNumber('TESSERA_PERMANENT_TOKEN_CAP', '5', 0, 1_000_000);
  const databasePoolSize = wholeNumber('TESSERA_DB_POOL_SIZE', '10', 1, 1000);
  const databaseStatementTimeoutMs = wholeNumber('TESSERA_DB_STATEMENT_TIMEOUT_MS', '5000', 100, 600_000);
  const cacheSize = wholeNumber('TESSERA_CACHE_SIZE', '100000', 0, 10_000_000);
  const cacheTtlMs = wholeNumber('TESSERA_CACHE_TTL_MS', '5000', 0, 3_600_000);
  const events = parseEventSettings(env, wholeNumber, problems);
  const importPrefixes = parseImportPrefixes(env.TESSERA_IMPORT_PREFIXES);
  if (typeof importPrefixes === 'string') problems.push(importPrefixes);
  const leakReportsPerMinute = wholeNumber('TESSERA_LEAK_REPORTS_PER_MINUTE', '60', 1, 1_000_000);
  const githubScanningKeysFile = nonEmpty(env.TESSERA_GITHUB_SCANNING_KEYS) ?? null;
  const trustProxy = parseTrustProxy(nonEmpty(env.TESSERA_TRUST_PROXY), problems);
  const allowKeyDrop = nonEmpty(env.TESSERA_ALLOW_KEY_DROP) ?? 'false';
  if (allowKeyDrop !== 'true' && allowKeyDrop !== 'false')
    problems.push('TESSERA_ALLOW_KEY_DROP must be true or false');
  const bootstrapTokenFile = nonEmpty(env.TESSERA_BOOTSTRAP_TOKEN_FILE) ?? null;
  const corsOrigins = parseCorsOrigins(nonEmpty(env.TESSERA_CORS_ORIGINS), problems);
  const metricsToken = nonEmpty(env.TESSERA_METRICS_TOKEN) ?? null;
  if (metricsToken !== null && metricsToken.length < MIN_METRICS_TOKEN_LENGTH)
    problems.push(`TESSERA_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`);
  const rawMetricsPort = nonEmpty(env.TESSERA_METRICS_PORT);
  const metricsPort =
    rawMetricsPort === undefined
      ? null
      : integerSetting('TESSERA_METRICS_PORT', rawMetricsPort, 0, 65535, problems);
  if (metricsPort !== null && metricsPort !== 0 && metricsPort === port)
    problems.push('TESSERA_METRICS_PORT must differ from PORT (leave it unset to serve /metrics on PORT)');
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    databasePoolSize,
    databaseStatementTimeoutMs,
    cacheSize,
    cacheTtlMs,
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    secretKey,
    permanentTokenCap,
    logLevel,
    events,
    importPrefixes: typeof importPrefixes === 'string' ? [] : importPrefixes,
    leakReportsPerMinute,
    githubScanningKeysFile,
    trustProxy,
    allowKeyDrop: allowKeyDrop === 'true',
    bootstrapTokenFile,
    corsOrigins,
    metricsToken,
    metricsPort,
  });
}

function parseEventSettings(
  env: Readonly<Record<string, string | undefined>>,
  wholeNumber: (name: string, fallback: string, min: number, max: number) => number,
  problems: string[],
): EventSettings {
  const leads = parseLeadTimes(nonEmpty(env.TESSERA_EXPIRY_NOTICE) ?? '7d,1d');
  if (typeof leads === 'string') problems.push(leads);
  const allowPrivate = nonEmpty(env.TESSERA_WEBHOOK_ALLOW_PRIVATE) ?? 'false';
  if (allowPrivate !== 'true' && allowPrivate !== 'false')
    problems.push('TESSERA_WEBHOOK_ALLOW_PRIVATE must be true or false');
  const defaults = DEFAULT_EVENT_SETTINGS;
  return Object.freeze({
    expiryNoticeLeadSeconds: typeof leads === 'string' ? defaults.expiryNoticeLeadSeconds : leads,
    // SPEC: the scheduler runs at least every 10 s, and an attempt gets at most 10 s.
    expiryScanIntervalMs: wholeNumber(
      'TESSERA_EXPIRY_SCAN_MS',
      String(defaults.expiryScanIntervalMs),
      10,
      10_000,
    ),
    webhookAllowPrivate: allowPrivate === 'true',
    webhookTimeoutMs: wholeNumber(
      'TESSERA_WEBHOOK_TIMEOUT_MS',
      String(defaults.webhookTimeoutMs),
      50,
      10_000,
    ),
    webhookPollIntervalMs: wholeNumber(
      'TESSERA_WEBHOOK_POLL_MS',
      String(defaults.webhookPollIntervalMs),
      10,
      2_000,
    ),
  });
}
