// The dashboard's static files (web/dist, built by `npm run build`) at /ui/, with the security headers
// of SPEC "Dashboard" on every answer. `/` sends a browser there. Hashed assets are cached for a year
// (their names change with their content); index.html is never cached, so a rebuild is seen at once.
// These routes are public (the page signs in by itself, through the API) and left out of OpenAPI.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TesseraError } from '../core/errors.js';

export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** A hashed file name Vite writes: no directory part, nothing that could climb out of assets/. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Where the built dashboard is: web/dist of this checkout, whether this module runs from src/ (tsx,
 * tests) or from dist/src/ (the build).
 */
export function defaultDashboardDir(): string {
  const candidates = ['../../web', '../../../web'].map((up) => fileURLToPath(new URL(up, import.meta.url)));
  const web = candidates.find((dir) => existsSync(join(dir, 'package.json'))) ?? candidates[0]!;
  return join(web, 'dist');
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

export function registerDashboard(app: FastifyInstance, dashboardDir: string = defaultDashboardDir()): void {
  const hidden = { schema: { hide: true } };

  app.get('/', hidden, async (_request, reply) => secure(reply).redirect('/ui/', 302));
  app.get('/ui', hidden, async (_request, reply) => secure(reply).redirect('/ui/', 301));

  const index = async (reply: FastifyReply) => {
    const html = await readOrNull(join(dashboardDir, 'index.html'));
    if (html === null)
      throw new TesseraError(
        'service_unavailable',
        'the dashboard has not been built: run `npm run build` (npm start does it), then reload',
      );
    return reply.header('cache-control', 'no-cache').type(CONTENT_TYPES['.html']!).send(html);
  };

  app.get('/ui/', hidden, async (_request, reply) => index(secure(reply)));
  app.get('/ui/*', hidden, async (request, reply) => {
    secure(reply);
    const rest = (request.params as { '*': string })['*'];
    if (!rest.startsWith('assets/')) return index(reply); // a route of the single-page app
    const name = rest.slice('assets/'.length);
    const body = ASSET_NAME.test(name) ? await readOrNull(join(dashboardDir, 'assets', name)) : null;
    if (body === null) throw new TesseraError('not_found', 'no such file in the dashboard');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(CONTENT_TYPES[extname(name)] ?? 'application/octet-stream')
      .send(body);
  });
}
