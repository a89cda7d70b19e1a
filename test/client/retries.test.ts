// Retries and timeouts of @tessera/client against a local misbehaving HTTP server (and, for the
// idempotent create, a real Tessera behind a proxy that loses the first answer): exact attempt counts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Tessera } from '../../packages/client/src/index.js';
import { rejectionOf } from '../helpers/sdk.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

type Behaviour = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly idempotencyKey: string | undefined;
}

/** A server that answers each request by the behaviour given for it, counting attempts. */
async function misbehavingServer() {
  let behaviour: Behaviour = (_request, response) => response.end();
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      });
      behaviour(request, response, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    answer(next: Behaviour) {
      behaviour = next;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TOKEN = {
  id: 'tok_0000000000000000000000',
  name: 'x',
};

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const problem = status >= 400;
  response.writeHead(status, {
    'content-type': problem ? 'application/problem+json' : 'application/json',
    'x-request-id': 'req_test',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function problem(status: number, code: string) {
  return {
    type: `urn:tessera:problem:${code}`,
    title: code,
    status,
    code,
    detail: code,
    request_id: 'req_test',
  };
}

let fake: Awaited<ReturnType<typeof misbehavingServer>>;
beforeAll(async () => {
  fake = await misbehavingServer();
});
afterAll(() => fake.close());

function client(options: { maxRetries?: number; timeoutMs?: number } = {}) {
  return new Tessera({ baseUrl: fake.url, token: 'tsr_a1_x', ...options });
}

const failure = rejectionOf;

describe('retries', () => {
  it('503 then 200: retried once, resolves', async () => {
    fake.answer((_q, r, attempt) =>
      attempt === 1 ? json(r, 503, problem(503, 'service_unavailable')) : json(r, 200, TOKEN),
    );
    await expect(client().tokens.get(TOKEN.id)).resolves.toMatchObject(TOKEN);
    expect(fake.seen.length).toBe(2);
  });

  it('429 with Retry-After: 1 waits that second, then succeeds', async () => {
    fake.answer((_q, r, attempt) =>
      attempt === 1
        ? json(r, 429, problem(429, 'rate_limited'), { 'retry-after': '1' })
        : json(r, 200, TOKEN),
    );
    const started = Date.now();
    await client().tokens.get(TOKEN.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.seen.length).toBe(2);
  });

  it('429 with a Retry-After beyond 60 s is not waited out: one attempt, the wait on the error', async () => {
    fake.answer((_q, r) => json(r, 429, problem(429, 'rate_limited'), { 'retry-after': '120' }));
    const error = await failure(client().tokens.get(TOKEN.id));
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfterSeconds: 120,
      requestId: 'req_test',
    });
    expect(fake.seen.length).toBe(1);
  });

  it('always 503: maxRetries + 1 attempts, then the 503', async () => {
    fake.answer((_q, r) => json(r, 503, problem(503, 'service_unavailable')));
    const error = await failure(client({ maxRetries: 2 }).tokens.get(TOKEN.id));
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(fake.seen.length).toBe(3);
  });

  it('a reset connection is a network_error, retried maxRetries times', async () => {
    fake.answer((request) => request.socket.destroy());
    const error = await failure(client({ maxRetries: 2 }).tokens.get(TOKEN.id));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(fake.seen.length).toBe(3);
  });

  it('a hang is a timeout after timeoutMs per attempt, retried', async () => {
    fake.answer(() => undefined);
    const started = Date.now();
    const error = await failure(client({ maxRetries: 1, timeoutMs: 200 }).tokens.get(TOKEN.id));
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(fake.seen.length).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('a proxy page without a problem body gets the catalogue code for its status, and 502 is retried', async () => {
    fake.answer((_q, r) => {
      r.writeHead(502, { 'content-type': 'text/html' });
      r.end('<h1>Bad gateway</h1>');
    });
    const error = await failure(client({ maxRetries: 1 }).tokens.get(TOKEN.id));
    expect(error).toMatchObject({ status: 502, code: 'service_unavailable', problem: null });
    expect(fake.seen.length).toBe(2);
  });

  it('500 and 4xx answers are not retried', async () => {
    fake.answer((_q, r) => json(r, 500, problem(500, 'internal_error')));
    expect((await failure(client().tokens.get(TOKEN.id))).code).toBe('internal_error');
    expect(fake.seen.length).toBe(1);
    fake.answer((_q, r) => json(r, 409, problem(409, 'conflict')));
    expect((await failure(client().tokens.get(TOKEN.id))).code).toBe('conflict');
    expect(fake.seen.length).toBe(1);
  });

  it('a POST without an Idempotency-Key is never retried (rotate, verify, lookup)', async () => {
    fake.answer((_q, r) => json(r, 503, problem(503, 'service_unavailable')));
    await failure(client().tokens.rotate(TOKEN.id));
    expect(fake.seen.length).toBe(1);
    fake.answer((request) => request.socket.destroy());
    await failure(client().verify('tsr_a1_x'));
    expect(fake.seen.length).toBe(1);
    fake.answer((request) => request.socket.destroy());
    await failure(client().tokens.lookup('tsr_a1_x'));
    expect(fake.seen.length).toBe(1);
  });

  it("create always carries an Idempotency-Key, the same one on every attempt (the caller's when given)", async () => {
    fake.answer((_q, r, attempt) =>
      attempt < 3
        ? json(r, 503, problem(503, 'service_unavailable'))
        : json(r, 201, { ...TOKEN, secret: 's' }),
    );
    await client().tokens.create({ name: 'x' });
    expect(fake.seen.length).toBe(3);
    const keys = new Set(fake.seen.map((request) => request.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f]{32}$/);

    fake.answer((_q, r) => json(r, 201, { ...TOKEN, secret: 's' }));
    await client().tokens.create({ name: 'x' }, { idempotencyKey: 'deploy-42' });
    expect(fake.seen[0]!.idempotencyKey).toBe('deploy-42');
  });

  it('a replay answering the first attempt (the caller reused its key) rejects, naming the token, and rotates nothing', async () => {
    fake.answer((_q, r) => json(r, 200, TOKEN, { 'idempotent-replayed': 'true', etag: '"1"' }));
    const error = await failure(client().tokens.create({ name: 'x' }, { idempotencyKey: 'reused' }));
    expect(error).toMatchObject({ status: 200, code: 'conflict' });
    expect(error.detail).toContain(TOKEN.id);
    expect(fake.seen.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /v1/tokens']);
  });

  it('an Idempotency-Key header of the caller does not make another POST retryable', async () => {
    fake.answer((_q, r) => json(r, 503, problem(503, 'service_unavailable')));
    await failure(client().tokens.rotate(TOKEN.id, {}, { headers: { 'idempotency-key': 'mine' } }));
    expect(fake.seen.length).toBe(1);
  });

  it('a timeout beyond what a timer can hold means none, not an instant timeout', async () => {
    fake.answer((_q, r) => setTimeout(() => json(r, 200, TOKEN), 50));
    await expect(client({ timeoutMs: Number.POSITIVE_INFINITY }).tokens.get(TOKEN.id)).resolves.toMatchObject(
      TOKEN,
    );
    await expect(client({ timeoutMs: 3_000_000_000 }).tokens.get(TOKEN.id)).resolves.toMatchObject(TOKEN);
  });

  it("the caller's signal aborts at once, without a retry, rejecting with the signal's reason", async () => {
    fake.answer(() => undefined);
    const controller = new AbortController();
    const call = client({ maxRetries: 5 }).tokens.get(TOKEN.id, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 100);
    await expect(call).rejects.toThrow('user gave up');
    expect(fake.seen.length).toBe(1);
  });
});

describe('a create whose first answer is lost, against a real Tessera', () => {
  let tessera: TestServer;
  let proxy: Server;
  let proxyUrl: string;
  let createsSeen = 0;

  beforeAll(async () => {
    tessera = await startTestServer();
    // Forwards everything; the first create reaches Tessera, but its answer is dropped on the floor.
    proxy = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers.set(name, value);
      const upstream = await fetch(`${tessera.url}${request.url}`, {
        method: request.method ?? 'GET',
        headers,
        ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) }),
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (request.method === 'POST' && request.url === '/v1/tokens' && ++createsSeen === 1) {
        request.socket.destroy();
        return;
      }
      response.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      response.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await tessera.close();
  });
  afterEach(() => {
    createsSeen = 0;
  });

  it('the retry finds the token the first attempt made: one token exists, and the secret returned works', async () => {
    const client = new Tessera({ baseUrl: proxyUrl, token: tessera.ownerToken });
    const created = await client.tokens.create({ name: 'lost-answer', ttl: 600 });
    expect(createsSeen).toBe(2);
    const owner = new Tessera({ baseUrl: tessera.url, token: tessera.ownerToken });
    const named = await owner.tokens.list({ name_prefix: 'lost-answer' });
    expect(named.data.map((token) => token.id)).toEqual([created.id]);
    expect((await owner.verify(created.secret)).code).toBe('valid');
  });
});
