// Docs and ops: OpenAPI 3.1 generated from the route schemas, Swagger UI, liveness and readiness.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { call, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('docs and ops', () => {
  it('/openapi.json is OpenAPI 3.1 with every route and its schemas', async () => {
    const answer = await call(server, 'GET', '/openapi.json');
    expectStatus(answer, 200);
    expect(answer.body.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/tokens',
      '/v1/tokens/{id}',
      '/v1/tokens/self',
      '/v1/verify',
      '/v1/members',
      '/v1/tenants',
      '/v1/audit-events',
    ]) {
      expect(answer.body.paths[path], path).toBeDefined();
    }
    const create = answer.body.paths['/v1/tokens'].post;
    // The body is a named component (test/http/openapi.test.ts checks the document as a whole).
    const bodyRef: string = create.requestBody.content['application/json'].schema.$ref;
    const body = answer.body.components.schemas[bodyRef.replace('#/components/schemas/', '')];
    expect(body.additionalProperties).toBe(false);
    expect(create.responses['201']).toBeDefined();
  });

  it('/docs serves Swagger UI; /healthz and /readyz answer without a token', async () => {
    const docs = await fetch(`${server.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    expect((await call(server, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(server, 'GET', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: 'up' },
    });
  });

  it('/docs serves every stylesheet and script its page names (@fastify/static under Swagger UI)', async () => {
    const page = await (await fetch(`${server.url}/docs/`)).text();
    const assets = [...page.matchAll(/(?:href|src)="\.\/(static\/[^"]+\.(?:css|js))"/g)].map(
      (match) => match[1],
    );
    expect(assets).toEqual(expect.arrayContaining(['static/swagger-ui.css', 'static/swagger-ui-bundle.js']));
    for (const asset of assets) {
      const answer = await fetch(`${server.url}/docs/${asset}`);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers.get('content-type'), asset).toMatch(/^(text\/css|application\/javascript)/);
      expect((await answer.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
  });

  it('every answer carries its request id', async () => {
    const answer = await call(server, 'GET', '/healthz');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{20}$/);
  });
});
