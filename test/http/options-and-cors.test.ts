// OPTIONS and trailing slashes (issue 20, items 11 and 13; SPEC "Public routes"): OPTIONS on a known
// path is 204 with `Allow`, never a 405, and carries CORS headers only for an origin on
// TESSERA_CORS_ORIGINS; a path with a trailing slash is a 404 problem, never a 405 whose text says
// the method it refused is allowed.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { call, useTestServer } from '../helpers/server.js';

const APP = 'https://app.example.com';
const server = useTestServer({ env: { TESSERA_CORS_ORIGINS: `${APP}, http://localhost:5173` } });
const closed = useTestServer();

const preflight = (origin: string, method = 'POST') => ({
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization, content-type',
  },
});

describe('trailing slashes', () => {
  it('answer a 404 problem on every kind of route, never a 405', async () => {
    for (const path of [
      '/v1/tenants/',
      '/v1/tokens/',
      '/v1/members/',
      '/v1/tokens/self/',
      '/v1/audit-events/',
      '/healthz/',
      '/v1/verify/',
      '/metrics/',
    ]) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const answer = await call(server, method, path, { token: server.ownerToken });
        expect(answer.status, `${method} ${path}: ${answer.text}`).not.toBe(405);
        if (answer.status === 404) expect(answer.body.code, `${method} ${path}`).toBe('not_found');
        else {
          // Or answered exactly as the path without its slash is.
          const plain = await call(server, method, path.slice(0, -1), { token: server.ownerToken });
          expect(answer.status, `${method} ${path}`).toBe(plain.status);
        }
      }
    }
    // Where a slash is part of the route (Swagger UI's static files), it still serves.
    expect((await call(server, 'GET', '/docs/')).status).toBe(200);
  });
});

describe('OPTIONS', () => {
  it('is 204 with Allow on known paths (public or not, with or without CORS configured)', async () => {
    for (const target of [server, closed]) {
      for (const [path, allow] of [
        ['/v1/tokens', 'DELETE, GET, HEAD, OPTIONS, POST'],
        ['/v1/tokens/tok_x', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
        ['/v1/verify', 'OPTIONS, POST'],
        ['/healthz', 'GET, HEAD, OPTIONS'],
        // A vendor dialect's routes, under its own 404 handler.
        ['/compat/fastly/tokens/self', 'DELETE, GET, HEAD, OPTIONS'],
      ] as const) {
        const answer = await call(target, 'OPTIONS', path);
        expect(answer.status, `OPTIONS ${path}: ${answer.text}`).toBe(204);
        expect(answer.headers.get('allow'), path).toBe(allow);
        expect(answer.text).toBe('');
      }
    }
  });

  it('on an unknown path is a 404 problem', async () => {
    expectStatus(await call(server, 'OPTIONS', '/v1/nothing-here'), 404, 'not_found');
  });

  it('answers a configured origin’s preflight with what it may send', async () => {
    const answer = await call(server, 'OPTIONS', '/v1/tokens', preflight(APP));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toMatch(/origin/i);
    expect(Number(answer.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('gives an origin not on the list, and every origin without the setting, no CORS header', async () => {
    for (const [target, origin] of [
      [server, 'https://evil.example.com'],
      [server, `${APP}.evil.example.com`],
      [server, 'null'],
      [closed, APP],
    ] as const) {
      const answer = await call(target, 'OPTIONS', '/v1/tokens', preflight(origin));
      expect(answer.status, origin).toBe(204);
      for (const [name] of answer.headers) expect(name, origin).not.toMatch(/^access-control-/);
    }
  });
});

describe('CORS on answers', () => {
  it('lets a configured origin read answers and errors, with the headers the SDK reads', async () => {
    const ok = await call(server, 'GET', '/v1/tokens/self', {
      token: server.ownerToken,
      headers: { origin: APP },
    });
    expectStatus(ok, 200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/ratelimit-remaining/);
    // A refusal a browser client must be able to read (and one raised before routing).
    const refused = await call(server, 'GET', '/v1/tokens', { headers: { origin: APP } });
    expectStatus(refused, 401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
    const inQuery = await call(server, 'GET', '/v1/tokens?access_token=x', { headers: { origin: APP } });
    expectStatus(inQuery, 400, 'token_in_query');
    expect(inQuery.headers.get('access-control-allow-origin')).toBe(APP);
    const verified = await call(server, 'POST', '/v1/verify', {
      body: { token: 'nope' },
      headers: { origin: 'http://localhost:5173' },
    });
    expect(verified.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('gives other origins nothing', async () => {
    const answer = await call(server, 'GET', '/v1/tokens/self', {
      token: server.ownerToken,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const unconfigured = await call(closed, 'GET', '/healthz', { headers: { origin: APP } });
    expect(unconfigured.headers.get('access-control-allow-origin')).toBeNull();
    expect(unconfigured.headers.get('vary')).toBeNull();
  });
});

describe('TESSERA_CORS_ORIGINS', () => {
  it('takes exact origins only', async () => {
    const { ConfigError, parseConfig } = await import('../../src/config.js');
    expect(parseConfig({}).corsOrigins).toEqual([]);
    expect(
      parseConfig({ TESSERA_CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
    for (const bad of [
      '*',
      'https://a.example.com/',
      'https://a.example.com/app',
      'a.example.com',
      'ftp://x.example',
    ])
      expect(() => parseConfig({ TESSERA_CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
  });
});
