// The dashboard's static routes: / and /ui redirect to /ui/; /ui/ and every app route under it answer
// index.html (never cached); hashed assets are cached for a year; every /ui answer carries SPEC's CSP,
// nosniff and no-referrer; an unknown asset is a 404 problem; an unbuilt dashboard is a 503 problem.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/build-server.js';
import { DASHBOARD_CSP } from '../../src/http/dashboard.js';
import { createLogger } from '../../src/logger.js';
import { useTestServer } from '../helpers/server.js';

const server = useTestServer();
const INDEX =
  '<!doctype html><title>Tessera</title><script type="module" src="/ui/assets/app-1a2b3c.js"></script>';
const SCRIPT = 'console.log("dashboard")';

let built: FastifyInstance;
let unbuilt: FastifyInstance;
const dirs: string[] = [];

function dashboardDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-dashboard-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

beforeAll(async () => {
  const logger = createLogger('silent');
  built = await buildServer(server.running.deps, logger, {
    dashboardDir: dashboardDir({
      'index.html': INDEX,
      'assets/app-1a2b3c.js': SCRIPT,
      'assets/app-1a2b3c.css': 'b{}',
    }),
  });
  unbuilt = await buildServer(server.running.deps, logger, { dashboardDir: dashboardDir({}) });
  await Promise.all([built.ready(), unbuilt.ready()]);
});

afterAll(async () => {
  await Promise.all([built.close(), unbuilt.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, unknown>, label: string): void {
  expect(headers['content-security-policy'], label).toBe(DASHBOARD_CSP);
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['referrer-policy'], label).toBe('no-referrer');
}

describe('dashboard routes', () => {
  it('sends a browser from / and /ui to /ui/, without a token', async () => {
    for (const url of ['/', '/ui']) {
      const answer = await built.inject({ method: 'GET', url });
      expect([301, 302], url).toContain(answer.statusCode);
      expect(answer.headers.location, url).toBe('/ui/');
    }
    expect((await built.inject({ method: 'GET', url: '/' })).statusCode).toBe(302);
  });

  it('answers index.html, never cached, at /ui/ and at every route of the app', async () => {
    for (const url of ['/ui/', '/ui/tokens/tok_123', '/ui/members', '/ui/index.html']) {
      const answer = await built.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control'], url).toBe('no-cache');
      expect(answer.body, url).toBe(INDEX);
      expectSecurityHeaders(answer.headers, url);
    }
    expect((await built.inject({ method: 'HEAD', url: '/ui/' })).statusCode).toBe(200);
  });

  it('caches hashed assets for a year, with their content type', async () => {
    const script = await built.inject({ method: 'GET', url: '/ui/assets/app-1a2b3c.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(script.headers, 'script');
    const style = await built.inject({ method: 'GET', url: '/ui/assets/app-1a2b3c.css' });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers an unknown asset, or one outside assets/, as a 404 problem with the headers', async () => {
    for (const url of [
      '/ui/assets/nope-123.js',
      '/ui/assets/..%2Findex.html',
      '/ui/assets/sub%2F..%2F..%2Findex.html',
    ]) {
      const answer = await built.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(answer.json().code, url).toBe('not_found');
      expectSecurityHeaders(answer.headers, url);
    }
    // Dot segments are resolved before routing: this one is outside /ui, and no file of the checkout.
    const climbing = await built.inject({ method: 'GET', url: '/ui/assets/../../package.json' });
    expect(climbing.statusCode).toBe(404);
    expect(climbing.body).not.toContain('"workspaces"');
  });

  it('says to run npm run build when the dashboard has not been built', async () => {
    const answer = await unbuilt.inject({ method: 'GET', url: '/ui/' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({ code: 'service_unavailable' });
    expect(answer.json().detail).toContain('npm run build');
    expectSecurityHeaders(answer.headers, 'unbuilt');
  });

  it('leaves the API untouched: its routes still need a token and carry no dashboard CSP', async () => {
    const answer = await built.inject({ method: 'GET', url: '/v1/tokens' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['content-security-policy']).toBeUndefined();
  });
});
