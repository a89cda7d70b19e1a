// Graceful shutdown (SPEC "Shutdown"; issue 20, item 3): on SIGTERM or SIGINT a real `tessera serve`
// stops accepting, lets a request under way finish, flushes last-used and usage (written behind, up to a second late), closes its
// pools and exits 0 within 10 s, on both databases. The uses made just before the signal are in the
// database afterwards: a restart on it shows them.
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_BACKENDS, type ProcessBackend } from '../helpers/process-backends.js';
import { startServerProcess } from '../helpers/processes.js';
import { call } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// SIGTERM (what supervisors send) on both databases; SIGINT takes the same path, checked once.
const CASES: (readonly [ProcessBackend, 'SIGTERM' | 'SIGINT'])[] = [
  ['sqlite', 'SIGTERM'],
  ['postgres', 'SIGTERM'],
  ['sqlite', 'SIGINT'],
];

describe.each(CASES)('shutdown (%s, %s)', (backend, signal) => {
  it('exits 0 within 10 s, and the last uses before the signal are in the database', async () => {
    const env = await PROCESS_BACKENDS[backend](cleanups);
    const server = await startServerProcess(env);
    const owner = /^(tsr_\S+)$/m.exec(server.stdout())![1]!;
    const created = await call(server, 'POST', '/v1/tokens', { token: owner, body: { ttl: 3600 } });
    expect(created.status).toBe(201);
    const USES = 7;
    for (let index = 0; index < USES; index++) {
      const verified = await call(server, 'POST', '/v1/verify', {
        body: { token: created.body.secret, ip: '198.51.100.7' },
      });
      expect(verified.body.code).toBe('valid');
    }
    // A request under way when the signal comes: its headers are in, half its body is not.
    const { port } = new URL(server.url);
    const body = JSON.stringify({ token: created.body.secret, ip: '198.51.100.7' });
    const inFlight = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/verify',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.on('response', (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode!, text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the server has the request's headers

    // At once: these uses are still in memory, the next write-behind batch up to a second away.
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill(signal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Draining: the request under way is still answered, and its use is flushed with the rest.
    inFlight.end(body.slice(10));
    const drained = await answered;
    expect(drained.status, drained.text).toBe(200);
    expect(JSON.parse(drained.text).code).toBe('valid');
    const code = await exited;
    const seconds = (performance.now() - started) / 1000;
    console.log(`${backend} ${signal}: exited ${code} after ${seconds.toFixed(2)} s`);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    // Nor does it wait out the drained request's keep-alive connection (Node's timeout is 5 s).
    expect(seconds).toBeLessThan(4);
    // It stopped accepting: nothing listens on its port any more.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(server.stdout()).toMatch(/shut down/);

    const restarted = await startServerProcess(env);
    try {
      const token = await call(restarted, 'GET', `/v1/tokens/${created.body.id}`, { token: owner });
      expect(token.body.last_used_at).not.toBeNull();
      expect(token.body.last_used_ip).toBe('198.51.100.7');
      const usage = await call(restarted, 'GET', `/v1/tokens/${created.body.id}/usage?granularity=day`, {
        token: owner,
      });
      const total = (usage.body.series as { total: number }[]).reduce((sum, point) => sum + point.total, 0);
      expect(total).toBe(USES + 1); // the drained one too
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
  });
});
