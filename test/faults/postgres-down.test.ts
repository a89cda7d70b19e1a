// Fail closed: with PostgreSQL cut off (a proxy the test owns, so the shared server is never stopped),
// verification answers 503, never a wrong 200 or 401; /readyz says the database is down; writes are
// 503 and change nothing; and everything recovers within 5 s of the database coming back. A verdict
// already in the verify cache is still answered for its TTL: it is right, as nothing can change
// while the database is away (a change made through another instance arrives as an invalidation).
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
import { call } from '../helpers/server.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const target = new URL(process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-fault-'));
const schema = `t_${randomBytes(8).toString('hex')}`;
let running: RunningTessera;
let ownerToken = '';
let store: ReturnType<typeof openPostgresStore>;

beforeAll(async () => {
  await proxy.start();
  const viaProxy = new URL(target.toString());
  viaProxy.port = String(proxy.port);
  store = openPostgresStore({ url: viaProxy.toString(), schema, statementTimeoutMs: 2000 });
  running = await startTessera(parseConfig({ PORT: '0', TESSERA_DATA_DIR: dataDir }), {
    store,
    logger: createLogger('silent'),
    announce: (text) => {
      ownerToken = /^(tsr_\S+)$/m.exec(text)?.[1] ?? '';
    },
  });
});

afterAll(async () => {
  await proxy.restore();
  await store.dropSchema();
  await running.close();
  await proxy.cut();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL unreachable', () => {
  it('verify is 503 (never 200 or 401), readyz names the database, writes change nothing, recovery within 5 s', async () => {
    const server = { url: running.url };
    const token = await call(server, 'POST', '/v1/tokens', { token: ownerToken, body: { ttl: 600 } });
    expectStatus(token, 201);
    expect((await call(server, 'POST', '/v1/verify', { body: { token: token.body.secret } })).body.code).toBe(
      'valid',
    );
    // Tokens never verified yet: not in the cache, so each of their verifications needs the database.
    const uncached: string[] = [];
    for (let index = 0; index < 61; index++) {
      const created = await call(server, 'POST', '/v1/tokens', { token: ownerToken, body: { ttl: 600 } });
      uncached.push(created.body.secret);
    }

    // Cut mid-load: a stream of verifications is running when the database goes away. Every answer
    // is the right verdict or a 503; none is a wrong 200, a 401 or another 5xx.
    const stream = Array.from({ length: 60 }, (_, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 2)).then(() =>
        call(server, 'POST', '/v1/verify', { body: { token: uncached[index] } }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    await proxy.cut();
    const streamed = await Promise.all(stream);
    const verdicts = streamed.map((answer) =>
      answer.status === 200 ? answer.body.code : String(answer.status),
    );
    expect(verdicts.every((verdict) => verdict === 'valid' || verdict === '503')).toBe(true);
    expect(verdicts).toContain('503');
    console.info(
      `mid-load cut: ${verdicts.filter((v) => v === 'valid').length} valid before, ${verdicts.filter((v) => v === '503').length} × 503 after`,
    );
    // The cached verdict is still answered (and right), and so is the token's read of itself, which
    // is answered from that same credential; a read of another token needs the store.
    expect((await call(server, 'POST', '/v1/verify', { body: { token: token.body.secret } })).body.code).toBe(
      'valid',
    );
    const self = await call(server, 'GET', '/v1/tokens/self', { token: token.body.secret });
    expectStatus(self, 200);
    expect(self.body.id).toBe(token.body.id);
    const outage = await Promise.all([
      call(server, 'POST', '/v1/verify', { body: { token: uncached[60] } }),
      call(server, 'GET', `/v1/tokens/${token.body.id}`, { token: ownerToken }),
      call(server, 'POST', '/v1/tokens', { token: ownerToken, body: { ttl: 60 } }),
      call(server, 'DELETE', `/v1/tokens/${token.body.id}`, { token: ownerToken }),
    ]);
    for (const answer of outage) {
      expectStatus(answer, 503, 'service_unavailable');
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: 'down' });

    await proxy.restore();
    const restoredAt = Date.now();
    let recovered = await call(server, 'POST', '/v1/verify', { body: { token: token.body.secret } });
    while (recovered.status !== 200 && Date.now() - restoredAt < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recovered = await call(server, 'POST', '/v1/verify', { body: { token: token.body.secret } });
    }
    console.info(`recovered ${Date.now() - restoredAt} ms after the database came back`);
    // The revoke during the outage was refused, so the token is still valid: nothing half-done.
    expect(recovered.body.code).toBe('valid');
    expectStatus(await call(server, 'GET', '/readyz'), 200);
  });
});
