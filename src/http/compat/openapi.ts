// A dialect's own OpenAPI 3.1 document, served at /compat/<vendor>/openapi.json: what the dialect
// supports, as its routes declare it (the native /openapi.json, which the SDK is generated from, leaves
// the dialects out). Built once, when the dialect is registered.
import { API_VERSION } from '../openapi.js';
import type { Dialect, DialectRoute } from './dialect.js';

type Json = Record<string, unknown>;

/** `:id` path parameters as OpenAPI writes them, `{id}`. */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z_]+)/g, '{$1}');

function parametersOf(route: DialectRoute): Json[] {
  const fromSchema = (schema: unknown, location: 'query' | 'path'): Json[] => {
    const { properties = {}, required = [] } = (schema ?? {}) as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    return Object.entries(properties).map(([name, property]) => ({
      name,
      in: location,
      required: location === 'path' || required.includes(name),
      description: property.description ?? name,
      schema: property,
    }));
  };
  return [...fromSchema(route.params, 'path'), ...fromSchema(route.querystring, 'query')];
}

function operationOf(dialect: Dialect, route: DialectRoute): Json {
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, { description, schema }]) => [
      status,
      schema === undefined ? { description } : { description, content: { 'application/json': { schema } } },
    ]),
  );
  return {
    tags: [dialect.name],
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    parameters: parametersOf(route),
    ...(route.body === undefined
      ? {}
      : { requestBody: { required: false, content: { 'application/json': { schema: route.body } } } }),
    responses,
  };
}

export function dialectDocument(dialect: Dialect, mount: string, routes: readonly DialectRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    // The first of a route's URLs is its name; the others (trailing slashes) are aliases.
    const path = openApiPath(route.urls[0]!);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(dialect, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `Tessera: the ${dialect.title} dialect`,
      version: API_VERSION,
      description: dialect.description,
    },
    servers: [{ url: mount }],
    tags: [
      {
        name: dialect.name,
        description: `${dialect.title}'s token API, as ${dialect.title}'s own clients call it`,
      },
    ],
    components: { securitySchemes: { [dialect.name]: dialect.securityScheme } },
    security: [{ [dialect.name]: [] }],
    paths,
  };
}
