// Rate limits across instances: two Tessera instances on one PostgreSQL schema and one Redis let
// exactly n verifications through per window between them. With Redis killed they keep answering
// (never 5xx, never 401), each counting on its own; /readyz reports Redis down while staying ready.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningTessera, startTessera } from '../../src/main.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { PrivateRedis } from '../helpers/redis-server.js';
import { call } from '../helpers/server.js';

const url = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(8).toString('hex')}`;
const redis = new PrivateRedis();
const clock = new ManualClock(Date.parse('2030-06-01T00:00:00.000Z'));
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-redis-'));
const instances: RunningTessera[] = [];
let ownerToken = '';

beforeAll(async () => {
  await redis.start();
  const config = parseConfig({ PORT: '0', TESSERA_DATA_DIR: dataDir, REDIS_URL: redis.url });
  for (let index = 0; index < 2; index++) {
    instances.push(
      await startTessera(config, {
        store: openPostgresStore({ url, schema }),
        clock,
        logger: createLogger('silent'),
        announce: (text) => {
          ownerToken = /^(tsr_\S+)$/m.exec(text)?.[1] ?? ownerToken;
        },
      }),
    );
  }
});

afterAll(async () => {
  await redis.kill();
  await openPostgresStore({ url, schema }).dropSchema();
  for (const instance of instances) await instance.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function verifyThroughBoth(secret: string, count: number) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      call({ url: instances[index % 2]!.url }, 'POST', '/v1/verify', { body: { token: secret } }),
    ),
  );
  return answers.map((answer) => (answer.status === 200 ? answer.body.code : `http ${answer.status}`));
}

describe('rate limits with Redis', () => {
  it('a limit of 10 per window hit through both instances in parallel lets exactly 10 through, window after window', async () => {
    const created = await call({ url: instances[0]!.url }, 'POST', '/v1/tokens', {
      token: ownerToken,
      body: { rate_limit: { limit: 10, window_seconds: 60 }, ttl: 86_400 },
    });
    expectStatus(created, 201);
    for (let window = 0; window < 3; window++) {
      const codes = await verifyThroughBoth(created.body.secret, 60);
      expect(codes.filter((code) => code === 'valid')).toHaveLength(10);
      expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(50);
      clock.advance(60_000);
    }
    expect((await call({ url: instances[1]!.url }, 'GET', '/readyz')).body.checks).toEqual({
      database: 'up',
      redis: 'up',
      cache_invalidation: 'up',
    });
  });

  it('Redis killed mid-load: every answer is still a verdict (no 5xx, no 401), counted per instance; readyz says redis down', async () => {
    const created = await call({ url: instances[0]!.url }, 'POST', '/v1/tokens', {
      token: ownerToken,
      body: { rate_limit: { limit: 10, window_seconds: 60 }, ttl: 86_400 },
    });
    const during = verifyThroughBoth(created.body.secret, 40);
    await redis.kill();
    const codes = [...(await during), ...(await verifyThroughBoth(created.body.secret, 40))];
    expect(codes.every((code) => code === 'valid' || code === 'rate_limited')).toBe(true);
    clock.advance(60_000);
    // A fresh window with Redis gone: each instance allows the limit on its own.
    const alone = await verifyThroughBoth(created.body.secret, 60);
    expect(alone.filter((code) => code === 'valid')).toHaveLength(20);
    const ready = await call({ url: instances[0]!.url }, 'GET', '/readyz');
    expectStatus(ready, 200);
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'down', cache_invalidation: 'down' });
    // Tessera's own API keeps working too.
    expectStatus(
      await call({ url: instances[1]!.url }, 'GET', '/v1/tokens/self', { token: ownerToken }),
      200,
    );
  });
});
