// buildServer(settings, deps) → a Fastify instance with every route, hook and handler; never listens.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { TesseraError } from '../core/errors.js';
import { findSecretInJson, SECRET_IN_TEXT } from '../core/secret.js';
import { AccessDeniedRecorder } from '../services/access-denied.js';
import type { Deps } from '../services/deps.js';
import { logAbortedRequests, OneLinePerRequest } from './access-log.js';
import { makeAuthenticate } from './auth.js';
import { registerCompat } from './compat/index.js';
import { Cors } from './cors.js';
import { registerDashboard } from './dashboard.js';
import { frameworkErrorHandler, installErrorHandling } from './error-handler.js';
import { Metrics, observeRequests, registerMetricsRoute } from './metrics.js';
import { API_VERSION, registerOpenApi } from './openapi.js';
import { isPublicRoute } from './public-routes.js';
import { RouteTable } from './route-table.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerLeakRoutes } from './routes/leaks.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerRoleRoutes } from './routes/roles.js';
import { registerSpaceRoutes } from './routes/spaces.js';
import { registerTenantRoutes } from './routes/tenants.js';
import { registerTokenRoutes } from './routes/tokens/index.js';
import { registerUsageRoutes } from './routes/usage.js';
import { registerVerifyRoute } from './routes/verify.js';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { parseStrictJson } from './strict-json.js';
import { buildValidator } from './validation.js';
import { VerifyFastPath } from './verify-fast-path.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
export const VERSION = API_VERSION;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, as the 405 handler and the public-routes test read them. */
    readonly routeTable: RouteTable;
    /** TESSERA_CORS_ORIGINS and the OPTIONS answer, shared with the dialects' own 404 handlers. */
    readonly cors: Cors;
    /** The registry /metrics exposes, here or on TESSERA_METRICS_PORT's own listener. */
    readonly metrics: Metrics;
    /** POST /v1/verify's node:http path in front of Fastify, and how many requests it took. */
    readonly verifyFastPath: VerifyFastPath;
  }
  interface FastifyContextConfig {
    /**
     * Routes whose body carries a secret by design and stores none of it (verify, lookup). Every other
     * body holding a Tessera secret anywhere is refused: it would sit at rest unhashed.
     */
    acceptsSecrets?: boolean;
    /**
     * The door that authenticates this route instead of the bearer one: a vendor dialect's own header,
     * through the same verifier (compat/dialect.ts sets it on each of its routes). Never a way out of
     * authentication: a route is still public only if the public list names it.
     */
    door?: (request: FastifyRequest) => Promise<void>;
  }
}

/** Query parameters where clients habitually put credentials; a token there is refused, never used. */
const CREDENTIAL_PARAMS = ['access_token', 'token', 'api_key', 'apikey', 'key', 'secret'];

function refuseTokenInQuery(request: FastifyRequest): void {
  const queryStart = request.url.indexOf('?');
  if (queryStart < 0) return;
  const query = request.url.slice(queryStart + 1);
  let decoded = query;
  try {
    decoded = decodeURIComponent(query);
  } catch {
    // An undecodable query is checked as written.
  }
  const params = new URLSearchParams(query);
  if (SECRET_IN_TEXT.test(decoded) || CREDENTIAL_PARAMS.some((name) => params.has(name))) {
    throw new TesseraError(
      'token_in_query',
      'tokens belong in the Authorization header, never in a URL; this one should be rotated',
    );
  }
}

/**
 * A Tessera secret pasted into a name, a scope, metadata, an e-mail or any other field is almost
 * always a mistake, and stored it would sit at rest unhashed: refuse it, naming where it is.
 */
function refuseSecretInBody(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const where = request.body === undefined ? null : findSecretInJson(request.body);
  if (where === null) {
    done();
    return;
  }
  done(
    new TesseraError(
      'secret_in_field',
      `${where} holds what looks like a Tessera secret; nothing was stored. If it is a real one, rotate it: it has been exposed`,
    ),
  );
}

/** A route's hooks of one kind as a list (Fastify takes one function or an array). */
function hookList<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}

/**
 * No id, key, name or filter of Tessera's may hold a NUL character (PostgreSQL text cannot store one).
 * In the path it names nothing that can exist (404); in the query it is a bad parameter (400).
 */
function refuseNulBytes(request: FastifyRequest): void {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  if (/%00/i.test(path)) throw new TesseraError('not_found', 'no such object');
  if (queryStart >= 0 && /%00/i.test(request.url.slice(queryStart)))
    throw new TesseraError('invalid_query', 'query parameters may not contain NUL');
}

/**
 * `/v1/members/` reaches the router as `/v1/members/:id` with an empty id: it names no object, so it
 * is the 404 a trailing slash gets everywhere else, before authentication, and never a lookup.
 */
function refuseEmptyPathParams(request: FastifyRequest): void {
  const params = request.params as Record<string, unknown> | undefined;
  // Named parameters only: a wildcard (`/docs/*`) may be empty.
  if (params !== undefined && Object.entries(params).some(([name, value]) => name !== '*' && value === ''))
    throw new TesseraError('not_found', 'no such route');
}

/**
 * Request ids: a random prefix per server start and a counter, 20 hex digits in all. Unique across
 * instances and restarts for practical purposes, and without a call into the CSPRNG per request.
 */
export function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let counter = 0;
  return () => `req_${prefix}${(++counter).toString(16).padStart(12, '0')}`;
}

/** Fastify's trustProxy: proxy addresses and blocks as a list; a hop count as "trust the nearest n". */
function trustProxyOption(
  setting: false | number | readonly string[] | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined || setting === false) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return [...setting];
}

export interface BuildServerOptions {
  /** Where the built dashboard is (web/dist of this checkout by default). */
  readonly dashboardDir?: string;
  /** POST /v1/verify's fast path in front of Fastify (verify-fast-path.ts); on unless set false. */
  readonly verifyFastPath?: boolean;
}

/** Fastify's own node:http server settings, for the server the fast path sits in front of. */
interface ServerFactoryOptions {
  readonly keepAliveTimeout?: number;
  readonly requestTimeout?: number;
  readonly connectionTimeout?: number;
  readonly maxRequestsPerSocket?: number;
}

export async function buildServer(
  deps: Deps,
  logger: FastifyBaseLogger,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const nextRequestId = requestIds();
  // Built before Fastify (its server factory needs it), given its metrics once they exist.
  let fastPath: VerifyFastPath | null = null;
  const app = Fastify({
    loggerInstance: logger,
    // One line per request instead of two (access-log.ts).
    logController: new OneLinePerRequest(),
    // The same server Fastify makes, with the verify fast path in front of its handler.
    serverFactory: (
      handler: (request: IncomingMessage, response: ServerResponse) => void,
      factoryOptions,
    ) => {
      const settings = factoryOptions as ServerFactoryOptions;
      const server = createServer((request, response) =>
        fastPath === null ? handler(request, response) : fastPath.handle(request, response, handler),
      );
      if (settings.keepAliveTimeout !== undefined) server.keepAliveTimeout = settings.keepAliveTimeout;
      if (settings.requestTimeout !== undefined) server.requestTimeout = settings.requestTimeout;
      server.setTimeout(settings.connectionTimeout ?? 0);
      if ((settings.maxRequestsPerSocket ?? 0) > 0)
        server.maxRequestsPerSocket = settings.maxRequestsPerSocket!;
      return server;
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // Long ids are just unknown ids (404); find-my-way's default of 100 answers a bare 414.
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors: frameworkErrorHandler,
    genReqId: nextRequestId,
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // While closing, a request already on a connection is still answered (with Connection: close,
    // main.ts): the verify fast path hands Fastify a request only once its body is read, which may be
    // after the signal, and a drained request must not turn into Fastify's bare 503.
    return503OnClosing: false,
    // Off unless TESSERA_TRUST_PROXY names the proxies: then request.ip, which allowed_cidrs,
    // last_used_ip, audit and the leak-report limit all read, is the client behind them.
    trustProxy: trustProxyOption(deps.settings.trustProxy),
    // The validator is Tessera's own (validation.ts); built here, it is given the shared schemas.
    schemaController: { compilersFactory: { buildValidator } },
  });
  const routes = new RouteTable();
  const metrics = new Metrics(deps);
  const authenticate = makeAuthenticate(deps, metrics);
  const verifyFastPath = new VerifyFastPath(
    { deps, metrics, nextRequestId },
    {
      logLevel: logger.level,
      corsOrigins: deps.settings.corsOrigins ?? [],
      trustProxy: deps.settings.trustProxy !== undefined && deps.settings.trustProxy !== false,
    },
  );
  if (options.verifyFastPath !== false) fastPath = verifyFastPath;
  app.decorate('verifyFastPath', verifyFastPath);
  // Closing: every answer must close its connection (main.ts's onSend hook); the fast path would not.
  app.addHook('preClose', (done) => {
    verifyFastPath.enabled = false;
    done();
  });

  app.decorateRequest('actor', null);
  const accessDenied = new AccessDeniedRecorder(deps);
  // A valid token refused (403) leaves one access_denied event a minute in its tenant's audit trail.
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof TesseraError) || error.code !== 'forbidden' || request.actor === null) return;
    await accessDenied.record(request.actor, {
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0]!,
      reason: error.detail,
    });
  });
  app.decorate('routeTable', routes);
  const cors = new Cors(deps.settings.corsOrigins ?? []);
  app.decorate('cors', cors);
  installErrorHandling(app, routes, cors);

  app.removeAllContentTypeParsers();
  const jsonTypes = ['application/json', 'application/merge-patch+json', 'application/json-patch+json'];
  app.addContentTypeParser(jsonTypes, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseStrictJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onRoute', (route) => {
    routes.add(route.url, route.method);
    // Opt-out, not opt-in: a route is public only if the one list says so (public-routes.ts).
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.every((method) => isPublicRoute(method, route.url))) {
      route.onRequest = [...hookList(route.onRequest), route.config?.door ?? authenticate];
    } else if (route.schema !== undefined) {
      // The same list tells clients, in /openapi.json, which operations need no bearer token.
      // A public route that says otherwise keeps its word (/metrics behind TESSERA_METRICS_TOKEN).
      route.schema = { security: [], ...route.schema };
    }
    // Attached per route, so the routes that take secrets (verify: the hot path) pay nothing for it.
    if (route.config?.acceptsSecrets !== true) {
      route.preValidation = [...hookList(route.preValidation), refuseSecretInBody];
    }
  });

  // A callback hook, not an async one: it runs on every request, and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    cors.decorate(request, reply);
    try {
      refuseTokenInQuery(request);
      refuseNulBytes(request);
      refuseEmptyPathParams(request);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });

  await registerOpenApi(app);
  registerHealthRoutes(app, deps);
  observeRequests(app, metrics);
  logAbortedRequests(app);
  app.decorate('metrics', metrics);
  // With TESSERA_METRICS_PORT, /metrics is served on that listener (main.ts) and not here.
  if ((deps.settings.metricsPort ?? null) === null)
    registerMetricsRoute(app, metrics, deps.settings.metricsToken ?? null);
  registerVerifyRoute(app, deps, metrics);
  registerLeakRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerTenantRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerWebhookDeliveryRoutes(app, deps);
  registerRoleRoutes(app, deps);
  registerSpaceRoutes(app, deps);
  registerDashboard(app, options.dashboardDir);
  app.register(registerCompat, { deps, metrics });
  return app;
}
