// Authentication is opt-out: walking every route the server registered, each one either answers
// without a bearer token because the one public list names it, or is a 401 without one.
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/build-server.js';
import { isPublicRoute, PUBLIC_ROUTES } from '../../src/http/public-routes.js';
import { createLogger } from '../../src/logger.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, useTestServer } from '../helpers/server.js';

const server = useTestServer();

/** A concrete path for a route pattern: parameters and wildcards filled with something harmless. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*$/, 'index.html');
}

describe('public routes', () => {
  it('every registered route is in the public list or answers 401 without a token', async () => {
    const routes = server.running.app.routeTable.all();
    let publicCount = 0;
    let guardedCount = 0;
    let dialectCount = 0;
    for (const { url, methods } of routes) {
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        const answer = await call(
          server,
          method,
          concrete(url),
          method === 'GET' || method === 'DELETE' ? {} : { body: {} },
        );
        if (isPublicRoute(method, url)) {
          publicCount++;
          expect(answer.status, `${method} ${url}`).not.toBe(401);
        } else if (url.startsWith('/compat/')) {
          // A vendor dialect's door: its vendor's own refusal (Lagrello's is a 403), never an answer.
          // test/http/compat/doors.test.ts checks each vendor's body.
          dialectCount++;
          expect([401, 403], `${method} ${url}`).toContain(answer.status);
        } else {
          guardedCount++;
          expectStatus(answer, 401, 'unauthorized', `${method} ${url}`);
          expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      }
    }
    console.log(
      `route table: ${publicCount} public, ${guardedCount} authenticated, ${dialectCount} behind a dialect's door`,
    );
    expect(guardedCount).toBeGreaterThan(20);
    // Every entry of the list is a route the server has, and answers without a token.
    for (const { method, url } of PUBLIC_ROUTES) {
      expect(
        routes.some((route) => route.url === url && route.methods.includes(method)),
        url,
      ).toBe(true);
    }
  });

  it('a route added under a new prefix is authenticated by default', async () => {
    // A second app over the same deps, with a route no list names (as a dialect would add one).
    const app = await buildServer(server.running.deps, createLogger('silent'));
    app.get('/compat/probe/tokens', async () => ({ reached: true }));
    await app.ready();
    try {
      const anonymous = await app.inject({ method: 'GET', url: '/compat/probe/tokens' });
      expect(anonymous.statusCode).toBe(401);
      const signedIn = await app.inject({
        method: 'GET',
        url: '/compat/probe/tokens',
        headers: { authorization: `Bearer ${server.ownerToken}` },
      });
      expect(signedIn.json()).toEqual({ reached: true });
    } finally {
      await app.close();
    }
    expect(isPublicRoute('POST', '/healthz')).toBe(false);
    expect(isPublicRoute('HEAD', '/healthz')).toBe(true);
  });
});
