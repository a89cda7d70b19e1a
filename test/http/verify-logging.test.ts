// Logging of the hot path: at info, verifications are counted by /metrics, not access-logged (a log
// line costs more than the verification); other routes are logged as ever. debug logs each one again,
// and a quieter level than warn (silent) is never made louder for this route.
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLogLevel } from '../../src/http/routes/verify.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

async function linesFor(level: string): Promise<{ verify: number; other: number; all: number }> {
  const server = await startTestServer({ env: { LOG_LEVEL: level } });
  servers.push(server);
  const before = server.logLines.length;
  await call(server, 'POST', '/v1/verify', { body: { token: server.ownerToken } });
  await call(server, 'POST', '/v1/verify', {
    rawBody: '{"token": 1}',
    headers: { 'content-type': 'application/json' },
  });
  const afterVerify = server.logLines.length;
  await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken });
  return {
    verify: afterVerify - before,
    other: server.logLines.length - afterVerify,
    all: server.logLines.length,
  };
}

describe('verify route logging', () => {
  it('info: verifications are not access-logged, other requests are', async () => {
    const lines = await linesFor('info');
    expect(lines.verify).toBe(0);
    expect(lines.other).toBeGreaterThan(0);
  });

  it('debug: every verification is logged', async () => {
    expect((await linesFor('debug')).verify).toBeGreaterThanOrEqual(2);
  });

  it('a request is one access-log line, written once it is answered, with what an operator needs', async () => {
    const server = await startTestServer();
    servers.push(server);
    const before = server.logLines.length;
    const answer = await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken });
    const missing = await call(server, 'GET', `/v1/tokens/${server.ownerToken}`, {
      token: server.ownerToken,
    });
    const lines = server.logLines.slice(before).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: answer.headers.get('x-request-id'), method: 'GET', url: '/v1/tokens/self' },
      res: { status: 200 },
    });
    expect(lines[0].responseTime).toBeGreaterThan(0);
    // A secret in a path is masked in the line, as in every other.
    expect(lines[1]).toMatchObject({
      req: { id: missing.headers.get('x-request-id') },
      res: { status: missing.status },
    });
    expect(JSON.stringify(lines)).not.toContain(server.ownerToken);
  });

  it('a request its client gives up before the answer is still logged, once', async () => {
    const server = await startTestServer();
    servers.push(server);
    const before = server.logLines.length;
    // Half a body, then the connection is gone: the request never reaches an answer.
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.write(
      `POST /v1/tokens HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${server.ownerToken}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    const aborted = () =>
      server.logLines
        .slice(before)
        .map((line) => JSON.parse(line))
        .filter((line) => line.msg === 'request aborted by the client');
    for (let waited = 0; aborted().length === 0 && waited < 3000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborted()).toHaveLength(1);
    expect(aborted()[0]).toMatchObject({ req: { method: 'POST', url: '/v1/tokens' } });
    expect(server.logLines.slice(before).join('')).not.toContain(server.ownerToken);
  });

  it('silent stays silent, verify route included', async () => {
    expect((await linesFor('silent')).all).toBe(0);
  });

  it('the route level: info and warn become warn; every other level stays what it is', () => {
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
    expect(levels.map(verifyLogLevel)).toEqual([
      'fatal',
      'error',
      'warn',
      'warn',
      'debug',
      'trace',
      'silent',
    ]);
  });
});
