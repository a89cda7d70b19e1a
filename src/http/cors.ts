// CORS for the SDK in browsers on other origins (TESSERA_CORS_ORIGINS; none by default), and OPTIONS on
// every known path: 204 with `Allow`, never a 405. Only an origin on the list gets CORS headers; any
// other browser origin gets none and so cannot read an answer. No cookies are ever involved (the
// credential is a bearer header), so credentials are never allowed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteTable } from './route-table.js';

/** Request headers the SDK sends: its bearer, JSON bodies, If-Match and Idempotency-Key. */
const ALLOWED_REQUEST_HEADERS = 'authorization, content-type, if-match, idempotency-key';

/** Answer headers a browser client needs to read besides the simple ones. */
const EXPOSED_HEADERS = [
  'etag',
  'idempotent-replayed',
  'link',
  'location',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'retry-after',
  'www-authenticate',
  'x-request-id',
].join(', ');

/** How long a browser may keep a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export class Cors {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  private allowedOrigin(request: FastifyRequest): string | null {
    const origin = request.headers.origin;
    return typeof origin === 'string' && this.origins.has(origin) ? origin : null;
  }

  /** On every answer, errors included (set before anything can fail). */
  decorate(request: FastifyRequest, reply: FastifyReply): void {
    if (this.origins.size === 0) return;
    // The answer depends on Origin whenever any origin is configured: caches must keep them apart.
    reply.header('vary', 'Origin');
    const origin = this.allowedOrigin(request);
    if (origin === null) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  }

  /**
   * OPTIONS on a path no OPTIONS route serves: 204 with `Allow` where the path exists (and, for an
   * allowed origin's preflight, what it may send). False when the path is unknown: a 404 follows.
   */
  answerOptions(routes: RouteTable, request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'OPTIONS') return false;
    const methods = routes.methodsFor(request.url);
    if (methods.length === 0) return false;
    const allow = [...methods, 'OPTIONS'].sort().join(', ');
    reply.header('allow', allow);
    if (
      this.allowedOrigin(request) !== null &&
      request.headers['access-control-request-method'] !== undefined
    ) {
      reply.header('access-control-allow-methods', allow);
      reply.header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS);
      reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    reply.status(204).send();
    return true;
  }
}
