// A leak reported to one instance is refused by another within the revocation bound: the report
// revokes through the same guarded store write as a revoke, so the invalidation goes out through Redis.
// Instance B holds each token in its verify cache (TTL far beyond the test) when the report comes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../helpers/processes.js';
import { PrivateRedis } from '../helpers/redis-server.js';
import { call, createToken, startTestServer, type TestServer } from '../helpers/server.js';

const redis = new PrivateRedis();
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  await redis.start();
  const env = {
    REDIS_URL: redis.url,
    TESSERA_SECRET_KEY: `0:${randomBytes(32).toString('base64url')}`,
    TESSERA_CACHE_TTL_MS: '600000',
    TESSERA_LEAK_REPORTS_PER_MINUTE: '1000',
  };
  a = await startTestServer({ env });
  b = await startTestServer({ env, sameDatabaseAs: a });
  for (const server of [a, b]) {
    const startedAt = performance.now();
    while ((await call(server, 'GET', '/readyz')).body.checks.cache_invalidation !== 'up') {
      if (performance.now() - startedAt > 5000) throw new Error('verify cache never came on');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}, 60_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  await redis.kill();
});

describe('a leak report across instances', () => {
  it('30 rounds: reported to A, refused by A at once and by B within 5 s', async () => {
    const delaysMs: number[] = [];
    for (let round = 0; round < 30; round++) {
      const token = await createToken(a, a.ownerToken, { name: `leak-${round}`, ttl: 600 });
      for (let warm = 0; warm < 2; warm++)
        expect((await call(b, 'POST', '/v1/verify', { body: { token: token.secret } })).body.valid).toBe(
          true,
        );
      const reported = await call(a, 'POST', '/v1/leaks', { body: { secrets: [token.secret] } });
      expect(reported.status).toBe(202);
      const acknowledgedAt = performance.now();
      expect((await call(a, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code).toBe(
        'revoked',
      );
      let code = (await call(b, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code;
      while (code !== 'revoked' && performance.now() - acknowledgedAt < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        code = (await call(b, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code;
      }
      expect(code).toBe('revoked');
      delaysMs.push(performance.now() - acknowledgedAt);
    }
    const sorted = [...delaysMs].sort((left, right) => left - right);
    console.info(
      `leak report to refusal on the other instance: p50 ${percentile(sorted, 0.5).toFixed(1)} ms, ` +
        `p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`,
    );
    expect(sorted[sorted.length - 1]).toBeLessThan(5000);
  });
});
