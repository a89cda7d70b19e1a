// /openapi.json and /docs: the OpenAPI 3.1 document @fastify/swagger builds from the route schemas, with
// every shared shape a named component (the SDK's types are generated from it: keep names stable).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { WIRE_SCHEMAS } from './wire/catalogue.js';

export const API_VERSION = '0.1.0';

/** How an operation appears in the document; the SDK's method names and JSDoc come from it. */
export interface OperationDocs {
  /** Unique in the document. The SDK calls operations by it: once published, it never changes. */
  readonly operationId: string;
  /** One line: what the operation does. */
  readonly summary: string;
  /** What a caller needs to know beyond the summary: who may, what it answers, its edge cases. */
  readonly description: string;
}

const TAGS = [
  { name: 'verify', description: 'For resource servers: is this token good, and for what?' },
  { name: 'tokens', description: 'Issue, list, inspect, change, rotate and revoke tokens' },
  { name: 'members', description: 'The people in a tenant and their roles' },
  { name: 'tenants', description: 'Isolation boundaries; managed by the operator tenant' },
  { name: 'roles', description: 'Custom roles: named, reusable policies' },
  { name: 'spaces', description: 'Named parts of a tenant that tokens can be confined to' },
  { name: 'audit', description: 'Who did what to which object, when and from where' },
  { name: 'usage', description: 'Verifications over time, per token and outcome; the busiest tokens' },
  { name: 'ops', description: 'Liveness, readiness and metrics' },
];

type Operation = { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } };

/** Whether a schema accepts JSON null: `type: "null"`, or a type list or an anyOf that includes it. */
function acceptsNull(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const { type, anyOf } = schema as { type?: unknown; anyOf?: unknown };
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  return Array.isArray(anyOf) && anyOf.some(acceptsNull);
}

/**
 * @fastify/swagger marks every request body required. Fastify validates a missing body as null, so a
 * body schema that accepts null (rotate's) is one a client may leave out: say so in the document.
 */
function markOptionalBodies(document: { paths?: Record<string, Record<string, unknown>> }): void {
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem) as Operation[]) {
      const body = operation?.requestBody;
      if (body?.content === undefined) continue;
      if (Object.values(body.content).every((media) => acceptsNull(media.schema))) body.required = false;
    }
  }
}

/**
 * Where this document was fetched from, so a client generated from it calls the same server. The
 * protocol is the proxy's only with TESSERA_TRUST_PROXY (Fastify believes X-Forwarded-Proto then);
 * a Host that is not a plain host[:port] is left out rather than echoed.
 */
function serverUrl(protocol: string, host: string): string | null {
  if (!/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) return null;
  return `${protocol}://${host}`;
}

/** Adds the shared schemas, the document and its UI. Before any route: routes refer to the schemas. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  for (const schema of WIRE_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera',
        version: API_VERSION,
        description:
          'Issue, store, verify and manage API tokens. Errors are RFC 9457 problems (application/problem+json) with a stable `code`.',
      },
      tags: TAGS,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // A shared schema's component is named by its $id (`Token`, `TokenList`…), not `def-N`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
    transformObject: (documentObject) => {
      const document = 'openapiObject' in documentObject ? documentObject.openapiObject : {};
      markOptionalBodies(document as Parameters<typeof markOptionalBodies>[0]);
      return document;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async (request) => {
    const server = serverUrl(request.protocol, request.host);
    return server === null ? app.swagger() : { ...app.swagger(), servers: [{ url: server }] };
  });
}
