// /openapi.json is SDK-grade: a valid OpenAPI 3.1 document (checked by a real validator) in which every
// operation has the operationId the SDK calls it by, a summary and a description; every shared shape
// is a named, described component; every error is a Problem; public operations need no token; and the
// schemas describe what the server really answers.
import { request as httpRequest } from 'node:http';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi-document.js';
import { isPublicRoute } from '../../src/http/public-routes.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, startTestServer, useTestServer } from '../helpers/server.js';

/** The SDK calls every operation by these names: a rename here breaks its clients. */
const OPERATION_IDS: Record<string, string> = {
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
  'GET /metrics': 'getMetrics',
  'POST /v1/verify': 'verifyToken',
  'POST /v1/leaks': 'reportLeak',
  'POST /v1/leaks/github': 'reportGithubSecretScanningAlert',
  'POST /v1/tokens/import': 'importTokens',
  'POST /v1/tokens': 'createToken',
  'GET /v1/tokens': 'listTokens',
  'DELETE /v1/tokens': 'revokeTokens',
  'GET /v1/tokens/self': 'getSelfToken',
  'DELETE /v1/tokens/self': 'revokeSelfToken',
  'POST /v1/tokens/lookup': 'lookupToken',
  'GET /v1/tokens/{id}': 'getToken',
  'PATCH /v1/tokens/{id}': 'updateToken',
  'DELETE /v1/tokens/{id}': 'revokeToken',
  'GET /v1/tenants/{tenant_id}/tokens': 'listTenantTokens',
  'POST /v1/tokens/{id}/rotate': 'rotateToken',
  'POST /v1/tokens/{id}/reset': 'resetToken',
  'GET /v1/members': 'listMembers',
  'POST /v1/members': 'createMember',
  'GET /v1/members/{id}': 'getMember',
  'PATCH /v1/members/{id}': 'updateMember',
  'DELETE /v1/members/{id}': 'removeMember',
  'POST /v1/members/{id}/tokens': 'issueMemberToken',
  'GET /v1/tenants': 'listTenants',
  'POST /v1/tenants': 'createTenant',
  'GET /v1/tenants/{id}': 'getTenant',
  'PATCH /v1/tenants/{id}': 'updateTenant',
  'DELETE /v1/tenants/{id}': 'deleteTenant',
  'GET /v1/audit-events': 'listAuditEvents',
  'GET /v1/audit-events/export': 'exportAuditEvents',
  'GET /v1/roles': 'listRoles',
  'POST /v1/roles': 'createRole',
  'GET /v1/roles/{key}': 'getRole',
  'PATCH /v1/roles/{key}': 'updateRole',
  'DELETE /v1/roles/{key}': 'removeRole',
  'GET /v1/spaces': 'listSpaces',
  'POST /v1/spaces': 'createSpace',
  'GET /v1/spaces/{key}': 'getSpace',
  'PATCH /v1/spaces/{key}': 'updateSpace',
  'DELETE /v1/spaces/{key}': 'removeSpace',
  'GET /v1/tokens/{id}/usage': 'getTokenUsage',
  'GET /v1/tokens/{id}/advice': 'getTokenAdvice',
  'GET /v1/usage': 'getTenantUsage',
  'POST /v1/webhooks': 'createWebhook',
  'GET /v1/webhooks': 'listWebhooks',
  'GET /v1/webhooks/{id}': 'getWebhook',
  'PATCH /v1/webhooks/{id}': 'updateWebhook',
  'DELETE /v1/webhooks/{id}': 'deleteWebhook',
  'POST /v1/webhooks/{id}/rotate-secret': 'rotateWebhookSecret',
  'POST /v1/webhooks/{id}/test': 'testWebhook',
  'GET /v1/webhooks/{id}/deliveries': 'listWebhookDeliveries',
  'POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry': 'retryWebhookDelivery',
};

/** Component names the SDK's generated types are named after. */
const COMPONENTS = [
  'Problem',
  'Pagination',
  'Token',
  'TokenWithSecret',
  'TokenList',
  'CreateTokenRequest',
  'TokenMergePatch',
  'JsonPatch',
  'RotateTokenRequest',
  'LookupTokenRequest',
  'RevokedCount',
  'VerifyRequest',
  'VerifyAnswer',
  'Member',
  'MemberList',
  'CreateMemberRequest',
  'UpdateMemberRequest',
  'MemberWithToken',
  'Tenant',
  'TenantList',
  'CreateTenantRequest',
  'UpdateTenantRequest',
  'TenantWithOwnerToken',
  'AuditEvent',
  'AuditEventList',
  'Role',
  'RoleList',
  'CreateRoleRequest',
  'UpdateRoleRequest',
  'Space',
  'SpaceList',
  'CreateSpaceRequest',
  'UpdateSpaceRequest',
  'Webhook',
  'WebhookList',
  'WebhookWithSecret',
  'CreateWebhookRequest',
  'UpdateWebhookRequest',
  'RotateWebhookSecretRequest',
  'Delivery',
  'DeliveryList',
  'UsagePoint',
  'TokenUsage',
  'UsageRank',
  'UsageRanking',
  'AdvisedGrant',
  'TokenAdvice',
];

const PROBLEM_REF = '#/components/schemas/Problem';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, any>;
interface Operation {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly operation: Json;
}

function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation: operation as Json,
      })),
  );
}

/** Every `$ref` anywhere in the document, with where it is. */
function refsOf(value: unknown, where = '#'): { where: string; ref: string }[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [{ where, ref: child }] : refsOf(child, `${where}/${key}`),
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  let node: unknown = document;
  for (const token of ref.slice(2).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/**
 * Fields without a description, in a schema and the schemas nested in it. A field that is just a
 * reference is described by the component it names (each component is checked to have one).
 */
function undescribedFields(schema: unknown, where: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const { properties, items, anyOf, oneOf, allOf, additionalProperties } = schema as Json;
  const found: string[] = [];
  for (const [name, field] of Object.entries((properties ?? {}) as Json)) {
    const isReference = typeof field.$ref === 'string';
    if (!isReference && !(typeof field.description === 'string' && field.description.trim() !== ''))
      found.push(`${where}.${name}`);
    found.push(...undescribedFields(field, `${where}.${name}`));
  }
  for (const [index, member] of [...(anyOf ?? []), ...(oneOf ?? []), ...(allOf ?? [])].entries())
    found.push(...undescribedFields(member, `${where}|${index}`));
  if (items !== undefined) found.push(...undescribedFields(items, `${where}[]`));
  if (typeof additionalProperties === 'object')
    found.push(...undescribedFields(additionalProperties, `${where}{}`));
  return found;
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** The components as JSON Schema 2020-12 (what OpenAPI 3.1 schemas are), each compiled by Ajv. */
function componentValidators(document: Json): Ajv2020 {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
  for (const [name, schema] of Object.entries(document.components.schemas as Json)) {
    const local = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"'));
    ajv.addSchema({ ...local, $id: name });
  }
  return ajv;
}

const server = useTestServer();
let document: Json;

beforeAll(async () => {
  document = await openApiDocument();
});

describe('the OpenAPI document', () => {
  it('is what GET /openapi.json serves, and a valid OpenAPI 3.1 document', async () => {
    const served = await call(server, 'GET', '/openapi.json');
    expectStatus(served, 200);
    // The one difference: `servers` names where it was fetched from (below).
    expect(served.body).toEqual({ ...document, servers: [{ url: server.url }] });
    expect(document.servers).toBeUndefined();
    expect(document.openapi).toBe('3.1.0');
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('sets servers from the request: its Host, and a proxy’s protocol only when the proxy is trusted', async () => {
    const port = new URL(server.url).port;
    const fetched = async (headers: Record<string, string>) =>
      new Promise<Json>((resolve, reject) => {
        // fetch() may not set Host; a raw request can, as a client behind a name would.
        const request = httpRequest({ host: '127.0.0.1', port, path: '/openapi.json', headers }, (answer) => {
          let text = '';
          answer.on('data', (chunk) => {
            text += chunk;
          });
          answer.on('end', () => resolve(JSON.parse(text) as Json));
        });
        request.on('error', reject);
        request.end();
      });
    expect((await fetched({ host: 'tessera.example.com:8443' })).servers).toEqual([
      { url: 'http://tessera.example.com:8443' },
    ]);
    // X-Forwarded-Proto from an untrusted peer is ignored (TESSERA_TRUST_PROXY is off here).
    expect((await fetched({ host: 'tessera.example.com', 'x-forwarded-proto': 'https' })).servers).toEqual([
      { url: 'http://tessera.example.com' },
    ]);
    expect((await fetched({ host: 'bad host"><script>' })).servers).toBeUndefined();
  });

  it('sets servers to the https a trusted proxy says it was fetched over', async () => {
    const proxied = await startTestServer({ env: { TESSERA_TRUST_PROXY: '127.0.0.1' } });
    try {
      const served = await call(proxied, 'GET', '/openapi.json', {
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(served.body.servers).toEqual([{ url: `https://${new URL(proxied.url).host}` }]);
    } finally {
      await proxied.close();
    }
  });

  it('names every operation as the SDK calls it, each unique, with a summary and a description', () => {
    const operations = operationsOf(document);
    expect(Object.fromEntries(operations.map(({ key, operation }) => [key, operation.operationId]))).toEqual(
      OPERATION_IDS,
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, operation } of operations) {
      expect(operation.summary?.trim(), `${key} summary`).toBeTruthy();
      expect(operation.description?.trim(), `${key} description`).toBeTruthy();
      for (const [status, response] of Object.entries(operation.responses as Json))
        expect(response.description, `${key} ${status}`).not.toBe('Default Response');
    }
  });

  it('has a named component for every shared shape, each $ref resolving to one', () => {
    const schemas = document.components.schemas as Json;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(COMPONENTS));
    expect(Object.keys(schemas).filter((name) => name.startsWith('def-'))).toEqual([]);
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(100);
    for (const { where, ref } of refs) {
      expect(ref, where).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(resolvePointer(document, ref), `${where} → ${ref}`).toBeDefined();
    }
    // Every request body and every 2xx answer with a JSON body is a named component.
    for (const { key, operation } of operationsOf(document)) {
      const bodies = Object.values((operation.requestBody?.content ?? {}) as Json);
      const answers = Object.entries(operation.responses as Json)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([, response]) => Object.entries((response.content ?? {}) as Json))
        .filter(([mediaType]) => mediaType.includes('json'))
        .map(([, media]) => media);
      for (const media of [...bodies, ...answers])
        expect(refsOf(media.schema).length, `${key}: ${JSON.stringify(media.schema)}`).toBeGreaterThan(0);
    }
  });

  it('describes every component, every field of every component and every parameter', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(document.components.schemas as Json)) {
      if (!(typeof schema.description === 'string' && schema.description.trim() !== '')) missing.push(name);
      missing.push(...undescribedFields(schema, name));
    }
    for (const { key, operation } of operationsOf(document)) {
      for (const parameter of (operation.parameters ?? []) as Json[])
        if (!parameter.description?.trim())
          missing.push(`${key} ${parameter.in} parameter ${parameter.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('marks the public operations with security: [], and every other one needs the bearer token', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    let publicCount = 0;
    for (const { key, method, path, operation } of operationsOf(document)) {
      const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
      if (isPublicRoute(method, fastifyPath)) {
        publicCount++;
        expect(operation.security, key).toEqual([]);
      } else {
        expect(operation.security, key).toBeUndefined();
        expect(Object.keys(operation.responses), key).toEqual(expect.arrayContaining(['401', '429', '503']));
      }
    }
    expect(publicCount).toBe(6);
  });

  it('answers every error as a Problem in application/problem+json', () => {
    for (const { key, operation } of operationsOf(document)) {
      const errors = Object.entries(operation.responses as Json).filter(([status]) => Number(status) >= 400);
      expect(errors.length, key).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        // Readiness answers its own body when a dependency is down: that is its result, not an error.
        if (operation.operationId === 'getReadiness' && status === '503') continue;
        expect(Object.keys(response.content), `${key} ${status}`).toEqual(['application/problem+json']);
        expect(response.content['application/problem+json'].schema, `${key} ${status}`).toEqual({
          $ref: PROBLEM_REF,
        });
      }
    }
  });

  it('has components that are valid JSON Schema 2020-12 and describe what the server answers', async () => {
    const ajv = componentValidators(document);
    for (const name of Object.keys(document.components.schemas))
      expect(ajv.getSchema(name), name).toBeDefined();
    const conforms = (name: string, value: unknown) => {
      const check = ajv.getSchema(name)!;
      expect(check(value), `${name}: ${JSON.stringify(check.errors)} in ${JSON.stringify(value)}`).toBe(true);
    };
    const owner = server.ownerToken;
    const created = await createToken(server, owner, {
      name: 'openapi-drift',
      ttl: 3600,
      scopes: ['orders:read'],
      metadata: { team: 'sdk' },
      rate_limit: { limit: 100, window_seconds: 60 },
      max_uses: 10,
    });
    conforms('TokenWithSecret', created);
    conforms('Token', (await call(server, 'GET', `/v1/tokens/${created.id}`, { token: owner })).body);
    conforms('TokenList', (await call(server, 'GET', '/v1/tokens?limit=2', { token: owner })).body);
    conforms(
      'VerifyAnswer',
      (
        await call(server, 'POST', '/v1/verify', {
          body: { token: created.secret, action: 'orders:read', resource: 'orders/1' },
        })
      ).body,
    );
    conforms('VerifyAnswer', (await call(server, 'POST', '/v1/verify', { body: { token: 'nope' } })).body);
    conforms(
      'MemberWithToken',
      (
        await call(server, 'POST', '/v1/members', {
          token: owner,
          body: { email: 'openapi@example.com', role: 'reader' },
        })
      ).body,
    );
    conforms('MemberList', (await call(server, 'GET', '/v1/members', { token: owner })).body);
    conforms(
      'AuditEventList',
      (await call(server, 'GET', '/v1/audit-events?limit=5', { token: owner })).body,
    );
    conforms('TenantList', (await call(server, 'GET', '/v1/tenants', { token: owner })).body);
    conforms('Health', (await call(server, 'GET', '/readyz')).body);
    conforms('Problem', (await call(server, 'GET', '/v1/tokens/tok_none', { token: owner })).body);
    // The request examples of the SDK's README are valid request bodies.
    conforms('CreateTokenRequest', { name: 'ci', scopes: ['deploy:write'], ttl: 3600 });
    conforms('JsonPatch', [{ op: 'replace', path: '/name', value: 'y' }]);
    conforms('TokenMergePatch', { name: 'x', expires_at: null });
  });
});
