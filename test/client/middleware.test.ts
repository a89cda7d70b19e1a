// @tessera/client/middleware protecting real resource servers over HTTP, verified by a real Tessera:
// a Fastify app, an Express-style node:http handler, a Fetch handler and a Hono app, each answering a
// valid token, a refused one (401 with WWW-Authenticate) and a forbidden one (403).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyAnswer } from '../../packages/client/src/index.js';
import { Tessera } from '../../packages/client/src/index.js';
import {
  type ExpressRequestLike,
  tesseraExpress,
  tesseraFastify,
  tesseraHono,
  verifyRequest,
  withTessera,
} from '../../packages/client/src/middleware.js';
import { countingClient } from '../helpers/sdk.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let tessera: TestServer;
let reader: string;
let writer: string;
const servers: { close(): Promise<void> | void }[] = [];

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** node:http in front of a Fetch handler, as Deno, Bun or a worker would call it. */
function serveFetch(handler: (request: Request) => Promise<Response>) {
  return listen(async (request, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers.set(name, value);
    const answer = await handler(
      new Request(`http://localhost${request.url}`, { method: request.method, headers }),
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
}

beforeAll(async () => {
  tessera = await startTestServer();
  const owner = new Tessera({ baseUrl: tessera.url, token: tessera.ownerToken });
  reader = (await owner.tokens.create({ name: 'mw-reader', scopes: ['orders:read'], ttl: 600 })).secret;
  writer = (await owner.tokens.create({ name: 'mw-writer', scopes: ['orders:write'], ttl: 600 })).secret;
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await tessera.close();
});

/** The three outcomes every protected app must give, over HTTP. */
async function expectProtected(url: string) {
  const ok = await fetch(`${url}/orders/7`, { headers: { authorization: `Bearer ${reader}` } });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ token: { name: 'mw-reader' }, code: 'valid' });

  for (const authorization of [undefined, 'Bearer tsr_a1_nonsense', `Basic ${reader}`]) {
    const refused = await fetch(
      `${url}/orders/7`,
      authorization === undefined ? {} : { headers: { authorization } },
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  }

  const forbidden = await fetch(`${url}/orders/7`, { headers: { authorization: `Bearer ${writer}` } });
  expect(forbidden.status).toBe(403);
  expect(forbidden.headers.get('www-authenticate')).toBeNull();
  expect(await forbidden.json()).toMatchObject({ status: 403, code: 'forbidden' });
}

describe('middleware', () => {
  it('verifyRequest resolves to an outcome for a Fetch Request and a Node request, never throwing for a refusal', async () => {
    const options = { baseUrl: tessera.url, action: 'orders:read', resource: 'orders/7' };
    const valid = await verifyRequest(
      new Request('http://x/', { headers: { authorization: `Bearer ${reader}` } }),
      options,
    );
    expect(valid.ok).toBe(true);
    const none = await verifyRequest({ headers: {} }, options);
    expect(none).toMatchObject({
      ok: false,
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="tessera"' },
    });
    const forbidden = await verifyRequest({ headers: { authorization: `Bearer ${writer}` } }, options);
    expect(forbidden).toMatchObject({ ok: false, status: 403 });
    if (!forbidden.ok) expect(forbidden.answer?.code).toBe('forbidden');
  });

  it('a Fastify app protected by tesseraFastify', async () => {
    const app: FastifyInstance = Fastify();
    app.decorateRequest('tessera', undefined);
    app.addHook(
      'preHandler',
      tesseraFastify({
        baseUrl: tessera.url,
        action: 'orders:read',
        resource: (request) => request.url.slice(1),
      }),
    );
    app.get('/orders/:id', async (request) => (request as unknown as { tessera: VerifyAnswer }).tessera);
    await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push({ close: () => app.close() });
    const address = app.server.address() as AddressInfo;
    await expectProtected(`http://127.0.0.1:${address.port}`);
  });

  it('an Express-style (req, res, next) handler protected by tesseraExpress', async () => {
    const guard = tesseraExpress<ExpressRequestLike & IncomingMessage>({
      client: new Tessera({ baseUrl: tessera.url }),
      action: 'orders:read',
      resource: (request) => request.url?.slice(1),
    });
    const url = await listen((request, response) =>
      guard(request as ExpressRequestLike & IncomingMessage, response, (error) => {
        if (error) {
          response.statusCode = 500;
          response.end();
          return;
        }
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify((request as ExpressRequestLike).tessera));
      }),
    );
    await expectProtected(url);
  });

  it('a Fetch handler protected by withTessera', async () => {
    const handler = withTessera(
      {
        baseUrl: tessera.url,
        action: 'orders:read',
        resource: (request) => new URL(request.url).pathname.slice(1),
      },
      (_request, answer) => Response.json(answer),
    );
    await expectProtected(await serveFetch(handler));
  });

  it('a Hono app protected by tesseraHono', async () => {
    const app = new Hono<{ Variables: { tessera: VerifyAnswer } }>();
    app.use(
      '/orders/*',
      tesseraHono({ baseUrl: tessera.url, action: 'orders:read', resource: (c) => c.req.path.slice(1) }),
    );
    app.get('/orders/:id', (c) => c.json(c.get('tessera')));
    await expectProtected(await serveFetch((request) => Promise.resolve(app.fetch(request))));
  });

  it('a bearer Tessera would call malformed, or a request Tessera refuses as a 400, is a 401, not an outage', async () => {
    const { client, requests } = countingClient(tessera.url);
    const long = await verifyRequest(
      { headers: { authorization: `Bearer ${'x'.repeat(2000)}` } },
      { client },
    );
    expect(long).toMatchObject({ ok: false, status: 401 });
    expect(requests()).toBe(0);
    const badIp = await verifyRequest(
      { headers: { authorization: `Bearer ${reader}` } },
      { client, ip: '10.0.0.1, 10.0.0.2' },
    );
    expect(badIp).toMatchObject({
      ok: false,
      status: 401,
      headers: { 'www-authenticate': expect.stringMatching(/^Bearer /) },
    });
    expect(requests()).toBe(1);
  });

  it('Tessera down: the adapters fail closed with a 503 problem, never letting the request through', async () => {
    const handler = withTessera(
      { baseUrl: 'http://127.0.0.1:1', action: 'orders:read' },
      () => new Response('secret data'),
    );
    const answer = await handler(
      new Request('http://x/orders/1', { headers: { authorization: `Bearer ${reader}` } }),
    );
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ code: 'service_unavailable' });
  });

  it('cacheTtlMs keeps a valid answer for its bound, and no longer: a revoke is seen once it passes', async () => {
    const owner = new Tessera({ baseUrl: tessera.url, token: tessera.ownerToken });
    const created = await owner.tokens.create({ name: 'mw-cached', scopes: ['orders:read'], ttl: 600 });
    const { client, requests } = countingClient(tessera.url);
    let uncounted = 0;
    const verifies = () => requests() - uncounted;
    const options = { client, action: 'orders:read', cacheTtlMs: 300 };
    const request = { headers: { authorization: `Bearer ${created.secret}` } };
    expect((await verifyRequest(request, options)).ok).toBe(true);
    expect((await verifyRequest(request, options)).ok).toBe(true);
    expect(verifies()).toBe(1);
    await owner.tokens.revoke(created.id);
    // Within the stated bound the cached answer may still be used ...
    expect((await verifyRequest(request, options)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 350));
    // ... and past it the revocation is seen.
    expect(await verifyRequest(request, options)).toMatchObject({ ok: false, status: 401 });
    expect(verifies()).toBe(2);
    // Another guard on the same client with a shorter bound keeps to its own bound.
    const again = await owner.tokens.create({ name: 'mw-cached-2', scopes: ['orders:read'], ttl: 600 });
    const second = { headers: { authorization: `Bearer ${again.secret}` } };
    expect((await verifyRequest(second, { client, action: 'orders:read', cacheTtlMs: 10_000 })).ok).toBe(
      true,
    );
    await owner.tokens.revoke(again.id);
    expect((await verifyRequest(second, { client, action: 'orders:read', cacheTtlMs: 1 })).ok).toBe(false);
    uncounted += 2;
    // Off by default: every request asks.
    const uncached = await verifyRequest(request, { client, action: 'orders:read' });
    expect(uncached.ok).toBe(false);
    expect(verifies()).toBe(3);
  });
});
