// Cache invalidation through Redis: two instances on one PostgreSQL schema, Redis behind a proxy the
// test can cut. While invalidations flow, a change made through one instance reaches the other's cached
// credential within moments; while Redis is cut off, each instance keeps no credentials at all, so a
// revoke through one is seen by the other on its very next verification; when Redis returns, the cache
// comes back on by itself.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningTessera, startTessera } from '../../src/main.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { expectStatus } from '../helpers/expect-status.js';
import { PrivateRedis } from '../helpers/redis-server.js';
import { call } from '../helpers/server.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const url = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(8).toString('hex')}`;
const redis = new PrivateRedis();
let proxy: TcpProxy;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-invalidation-'));
const instances: RunningTessera[] = [];
let ownerToken = '';

beforeAll(async () => {
  await redis.start();
  proxy = new TcpProxy('127.0.0.1', redis.port);
  await proxy.start();
  const config = parseConfig({
    PORT: '0',
    TESSERA_DATA_DIR: dataDir,
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    // Long enough that only an invalidation (never the TTL) can explain a change being seen.
    TESSERA_CACHE_TTL_MS: '600000',
  });
  for (let index = 0; index < 2; index++) {
    instances.push(
      await startTessera(config, {
        store: openPostgresStore({ url, schema }),
        logger: createLogger('silent'),
        announce: (text) => {
          ownerToken = /^(tsr_\S+)$/m.exec(text)?.[1] ?? ownerToken;
        },
      }),
    );
  }
});

afterAll(async () => {
  await proxy.cut();
  await redis.kill();
  await openPostgresStore({ url, schema }).dropSchema();
  for (const instance of instances) await instance.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const instanceAt = (index: number) => ({
  get url() {
    return instances[index]!.url;
  },
});
const [a, b] = [instanceAt(0), instanceAt(1)];
const verifyAt = async (server: { url: string }, token: string) =>
  (await call(server, 'POST', '/v1/verify', { body: { token } })).body.code as string;

async function untilTrue(probe: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  while (!(await probe())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

const cacheOn = async (server: { url: string }) =>
  (await call(server, 'GET', '/readyz')).body.checks.cache_invalidation === 'up';

async function revokedOnB(): Promise<{ cachedOnB: boolean; seenAfterMs: number }> {
  const created = await call(a, 'POST', '/v1/tokens', { token: ownerToken, body: { ttl: 600 } });
  for (let index = 0; index < 2; index++) expect(await verifyAt(b, created.body.secret)).toBe('valid');
  const cachedOnB = instances[1]!.deps.cache.size.positive > 0;
  expectStatus(await call(a, 'DELETE', `/v1/tokens/${created.body.id}`, { token: ownerToken }), 204);
  const acknowledgedAt = performance.now();
  await untilTrue(async () => (await verifyAt(b, created.body.secret)) === 'revoked', 5000);
  return { cachedOnB, seenAfterMs: performance.now() - acknowledgedAt };
}

describe('cache invalidation through Redis', () => {
  it('with Redis up: both caches are on, and a revoke through A reaches the credential B cached', async () => {
    await untilTrue(async () => (await cacheOn(a)) && (await cacheOn(b)), 5000);
    const { cachedOnB, seenAfterMs } = await revokedOnB();
    expect(cachedOnB).toBe(true);
    console.info(`revoke through A seen by B's cache after ${seenAfterMs.toFixed(1)} ms`);
    expect(seenAfterMs).toBeLessThan(1000);
  });

  it('with Redis cut off: the caches go off, and B sees a revoke through A on its very next verification', async () => {
    await proxy.cut();
    await untilTrue(async () => !(await cacheOn(a)) && !(await cacheOn(b)), 5000);
    expect(instances[1]!.deps.cache.size.positive).toBe(0);
    const created = await call(a, 'POST', '/v1/tokens', { token: ownerToken, body: { ttl: 600 } });
    for (let index = 0; index < 2; index++) expect(await verifyAt(b, created.body.secret)).toBe('valid');
    expectStatus(await call(a, 'DELETE', `/v1/tokens/${created.body.id}`, { token: ownerToken }), 204);
    expect(await verifyAt(b, created.body.secret)).toBe('revoked');
  });

  it('when Redis returns, the caches come back on by themselves and invalidations flow again', async () => {
    await proxy.restore();
    const tookMs = await untilTrue(async () => (await cacheOn(a)) && (await cacheOn(b)), 10_000);
    console.info(`verify caches back on ${tookMs.toFixed(0)} ms after Redis returned`);
    const { cachedOnB, seenAfterMs } = await revokedOnB();
    expect(cachedOnB).toBe(true);
    expect(seenAfterMs).toBeLessThan(1000);
  });
});
