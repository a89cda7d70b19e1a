// The vendor dialects, each one encapsulated plugin under /compat/<vendor>: its own body parsers (the
// vendors' clients send empty forms and JSON with no body), its own error and not-found answers in the
// vendor's shape, and its routes behind its own door, which verifies through the same verifier as the
// bearer door. Each also serves its OpenAPI document at /compat/<vendor>/openapi.json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TesseraError } from '../../core/errors.js';
import type { Deps } from '../../services/deps.js';
import { makeAuthenticate } from '../auth.js';
import { resolveError, unmatched } from '../error-handler.js';
import type { Metrics } from '../metrics.js';
import { parseStrictJson } from '../strict-json.js';
import type { Dialect, DialectRoute, VendorAnswer } from './dialect.js';
import { fastly } from './fastly/routes.js';
import { lagrello } from './lagrello/routes.js';
import { launchDarkly } from './launchdarkly/routes.js';
import { neuroio } from './neuroio/routes.js';
import { dialectDocument } from './openapi.js';
import { tiledb } from './tiledb/routes.js';

export const DIALECTS: readonly Dialect[] = [tiledb, neuroio, lagrello, fastly, launchDarkly];

/** The mount of a dialect: its vendor's client's base URL ends here. */
export const mountOf = (dialect: Pick<Dialect, 'name'>): string => `/compat/${dialect.name}`;

const JSON_TYPES = [
  'application/json',
  'application/vnd.api+json',
  'application/json-patch+json',
  'application/merge-patch+json',
];

/**
 * A form body as an object: `name=value` pairs, a name repeated or ending in `[]` (Fastly's
 * `services[]`) an array. Values stay strings; each dialect's schema says what it takes.
 */
function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [rawName, value] of new URLSearchParams(text)) {
    const isList = rawName.endsWith('[]');
    const name = isList ? rawName.slice(0, -2) : rawName;
    const earlier = fields[name];
    if (earlier === undefined) fields[name] = isList ? [value] : value;
    else fields[name] = [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return { ...fields };
}

/** Lenient where the vendors' clients are: JSON with an empty body, and empty forms, read as no body. */
function addBodyParsers(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseStrictJson(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  instance.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = body as string;
      done(null, text.trim() === '' ? undefined : parseForm(text));
    },
  );
}

function send(reply: FastifyReply, answer: VendorAnswer): FastifyReply {
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  reply.status(answer.status);
  if (answer.body === undefined || answer.body === null) return reply.send();
  return reply.type('application/json').send(JSON.stringify(answer.body));
}

/** A Tessera error in the vendor's shape, with the headers that go with it (Retry-After, Allow…). */
function sendVendorError(
  dialect: Dialect,
  request: FastifyRequest,
  reply: FastifyReply,
  error: TesseraError,
) {
  const { 'www-authenticate': _bearerOnly, ...headers } = error.headers;
  const rendered = dialect.renderError(error, request);
  return send(reply, { ...rendered, headers: { ...headers, ...rendered.headers } });
}

function registerRoute(
  instance: FastifyInstance,
  route: DialectRoute,
  door: (request: FastifyRequest) => Promise<void>,
): void {
  const schema = {
    hide: true,
    ...(route.querystring === undefined ? {} : { querystring: route.querystring }),
    ...(route.params === undefined ? {} : { params: route.params }),
    ...(route.body === undefined ? {} : { body: route.body }),
  };
  for (const url of route.urls) {
    instance.route({
      method: route.method,
      url,
      schema,
      config: { door, acceptsSecrets: route.acceptsSecrets === true },
      handler: async (request, reply) => {
        const answer = await route.handle({
          request,
          actor: request.actor!,
          query: (request.query ?? {}) as Record<string, unknown>,
          params: (request.params ?? {}) as Record<string, string>,
          body: request.body,
        });
        if (route.answersSecrets === true) reply.header('cache-control', 'no-store');
        return send(reply, answer);
      },
    });
  }
}

function dialectPlugin(dialect: Dialect, deps: Deps, metrics: Metrics) {
  return async (instance: FastifyInstance) => {
    addBodyParsers(instance);
    instance.setErrorHandler((error, request, reply) =>
      sendVendorError(dialect, request, reply, resolveError(error, request)),
    );
    instance.setNotFoundHandler((request, reply) => {
      if (!instance.cors.answerOptions(instance.routeTable, request, reply))
        sendVendorError(dialect, request, reply, unmatched(instance.routeTable, request));
    });
    const door = makeAuthenticate(deps, metrics, {
      name: `compat_${dialect.name}`,
      via: dialect.name,
      secretOf: (request) => dialect.secretOf(request),
    });
    const routes = dialect.routes(deps);
    for (const route of routes) registerRoute(instance, route, door);
    const document = dialectDocument(dialect, mountOf(dialect), routes);
    instance.get('/openapi.json', { schema: { hide: true } }, async () => document);
  };
}

export async function registerCompat(
  app: FastifyInstance,
  options: { readonly deps: Deps; readonly metrics: Metrics },
): Promise<void> {
  for (const dialect of DIALECTS) {
    await app.register(dialectPlugin(dialect, options.deps, options.metrics), { prefix: mountOf(dialect) });
  }
}
