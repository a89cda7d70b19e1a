// Starts a real Tessera over HTTP on a real SQLite file in a fresh directory, and talks to it with fetch.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Config, parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningTessera, startTessera } from '../../src/main.js';
import type { Clock } from '../../src/services/deps.js';
import type { Resolver } from '../../src/services/webhooks/address-guard.js';
import {
  BACKGROUND_OPERATIONS,
  countingQueries,
  QueryCounts,
} from '../../src/store/decorators/query-counting.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/store.js';

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly config: Config;
  readonly running: RunningTessera;
  /** The operator tenant's first owner token, from the first-start banner. */
  readonly ownerToken: string;
  /** Every log line the server wrote, raw. */
  readonly logLines: string[];
  /** Where its database is: the SQLite file, or the PostgreSQL schema. */
  readonly database: string;
  /** Store calls made so far (the store is wrapped to count them). */
  storeCalls(): number;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly clock?: Clock;
  readonly env?: Record<string, string>;
  /** Wraps the (counting) store, to hold a call at a chosen moment. */
  readonly wrapStore?: (store: Store) => Store;
  /**
   * A second instance on the first one's database (give both the same TESSERA_SECRET_KEY in `env`):
   * it prints no banner, so it answers the first one's owner token; closing it leaves the data.
   */
  readonly sameDatabaseAs?: TestServer;
  /** How webhook hosts resolve (a name answering chosen addresses); the system resolver by default. */
  readonly resolve?: Resolver;
  /** POST /v1/verify through its fast path (default) or through Fastify alone. */
  readonly verifyFastPath?: boolean;
}

/** Which database the HTTP suite runs on: vitest's `sqlite` and `postgres` projects set this. */
export const TEST_BACKEND = process.env.TESSERA_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
const TEST_DATABASE_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database per server: a SQLite file in its directory, or a PostgreSQL schema of its own. */
function testDatabaseFor(dataDir: string): string {
  return TEST_BACKEND === 'sqlite' ? join(dataDir, 'tessera.db') : `t_${randomBytes(8).toString('hex')}`;
}

function openTestStore(database: string): Store {
  if (TEST_BACKEND === 'sqlite') return openSqliteStore(database);
  return openPostgresStore({ url: TEST_DATABASE_URL, schema: database });
}

/**
 * What a store was asked, less the background workers' calls (dispatcher and scheduler polls,
 * write-behind flushes): they run on timers, and on a loaded machine one would land inside any window a
 * test counts. A transaction counts by the operations it runs, so the written-behind batch counts none.
 * Proves which requests never touch storage.
 */
function callsOutsideBackground(counts: QueryCounts): number {
  const background = new Set(BACKGROUND_OPERATIONS);
  let calls = 0;
  for (const [operation, count] of counts.byOperation) if (!background.has(operation)) calls += count;
  return calls;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const config = parseConfig({ PORT: '0', TESSERA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env });
  const logLines: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) });
  const counts = new QueryCounts();
  const shared = options.sameDatabaseAs;
  const database = shared?.database ?? testDatabaseFor(dataDir);
  const counted = countingQueries(openTestStore(database), counts);
  const store = options.wrapStore ? options.wrapStore(counted) : counted;
  let banner = '';
  const running = await startTessera(config, {
    logger,
    store,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.verifyFastPath === undefined ? {} : { verifyFastPath: options.verifyFastPath }),
    announce: (text) => {
      banner += text;
    },
  });
  const ownerToken = shared?.ownerToken ?? /^(tsr_\S+)$/m.exec(banner)?.[1];
  if (ownerToken === undefined) throw new Error('the first start printed no owner token');
  return {
    url: running.url,
    dataDir,
    config,
    running,
    ownerToken,
    database,
    logLines,
    storeCalls: () => callsOutsideBackground(counts),
    close: async () => {
      // Closed first: the server stops its dispatcher and scheduler and flushes usage, so nothing of
      // its own still holds locks in the schema when it is dropped (else PostgreSQL may deadlock).
      await running.close();
      if (shared === undefined && 'dropSchema' in store)
        await (store as { dropSchema(): Promise<void> }).dropSchema();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = any> {
  /** The request this answers, for failure messages. */
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as-is (no JSON encoding); for malformed-body tests. */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export async function call<T = any>(
  server: { url: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { method, path, status: response.status, headers: response.headers, body: parsed as T, text };
}

/** Creates a token as `token` and returns the 201 body (with its secret); fails the test otherwise. */
export async function createToken(
  server: { url: string },
  token: string,
  body: Record<string, unknown> = {},
) {
  const answer = await call(server, 'POST', '/v1/tokens', { token, body });
  if (answer.status !== 201) throw new Error(`create failed: ${answer.status} ${answer.text}`);
  return answer.body as { id: string; secret: string; [field: string]: unknown };
}

/** Adds a member with `role` and returns the member and their first token's secret. */
export async function addMember(
  server: { url: string },
  token: string,
  role: string,
  email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
) {
  const answer = await call(server, 'POST', '/v1/members', { token, body: { email, role } });
  if (answer.status !== 201) throw new Error(`add member failed: ${answer.status} ${answer.text}`);
  return {
    member: answer.body.member as { id: string; role: string },
    secret: answer.body.token.secret as string,
  };
}

/** Creates a second tenant through the operator API; returns its id and owner secret. */
export async function addTenant(server: { url: string }, operatorToken: string, name = 'second') {
  const answer = await call(server, 'POST', '/v1/tenants', { token: operatorToken, body: { name } });
  if (answer.status !== 201) throw new Error(`add tenant failed: ${answer.status} ${answer.text}`);
  return { tenantId: answer.body.tenant.id as string, ownerSecret: answer.body.owner_token.secret as string };
}

/** Counts of what a bad request must never change. */
export async function snapshot(server: TestServer) {
  const store = server.running.deps.store;
  const tenant = (await store.findBootstrapTenantId())!;
  const owner = await store.findFirstOwner(tenant);
  const tokens = await store.listTokens({
    tenantId: tenant,
    owner: 'everyone',
    filters: {},
    nowMs: Date.now(),
    limit: 1,
    offset: 0,
  });
  const revoked = await store.listTokens({
    tenantId: tenant,
    owner: 'everyone',
    filters: { revoked: true },
    nowMs: Date.now(),
    limit: 1,
    offset: 0,
  });
  // A refusal writes one access_denied event (SPEC) and changes nothing else: those are not changes.
  const events = await store.listAuditEvents(tenant, 1, 0);
  const refusals = await store.listAuditEvents(tenant, 1, 0, { action: 'access_denied' });
  const members = await store.listMembers(tenant, 1, 0);
  return {
    tokens: tokens.totalItems,
    revoked: revoked.totalItems,
    events: events.totalItems - refusals.totalItems,
    members: members.totalItems,
    owner: owner?.id,
  };
}

/**
 * Starts one server for the calling test file (beforeAll) and closes it afterwards (afterAll). The
 * returned object stands for that server once it has started.
 */
export function useTestServer(options: TestServerOptions = {}): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(options);
  });
  afterAll(() => started?.close());
  return new Proxy({} as TestServer, {
    get(_target, property) {
      if (started === undefined) throw new Error('the test server is used before beforeAll started it');
      return Reflect.get(started, property);
    },
  });
}
