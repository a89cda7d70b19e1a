// Each dialect documents what it supports in an OpenAPI 3.1 document of its own, at
// /compat/<vendor>/openapi.json (public): valid, every operation named, summarised and described, one
// tagged group per vendor, and every route the dialect serves is in it. The native /openapi.json (the
// SDK's source) leaves the dialects out.
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { call, useTestServer } from '../../helpers/server.js';

const server = useTestServer();
const VENDORS = ['tiledb', 'neuroio', 'lagrello', 'fastly', 'launchdarkly'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe.each(VENDORS)('the %s dialect’s OpenAPI document', (vendor) => {
  it('is served without a token, valid, and names every operation once with a summary and a description', async () => {
    const answer = await call(server, 'GET', `/compat/${vendor}/openapi.json`);
    expect(answer.status).toBe(200);
    const document = answer.body;
    const result = await validate(structuredClone(document));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.tags).toEqual([expect.objectContaining({ name: vendor })]);
    expect(document.servers).toEqual([{ url: `/compat/${vendor}` }]);
    const operations = Object.values(document.paths as Record<string, Record<string, any>>).flatMap((item) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([, operation]) => operation),
    );
    expect(operations.length).toBeGreaterThan(2);
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(operation.tags).toEqual([vendor]);
      expect(operation.summary?.trim()).toBeTruthy();
      expect(operation.description?.trim()).toBeTruthy();
    }
  });

  it('holds every route the dialect serves, and the native document none of them', async () => {
    const document = (await call(server, 'GET', `/compat/${vendor}/openapi.json`)).body;
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item).map(
          (method) =>
            `${method.toUpperCase()} /compat/${vendor}${path.replace(/\{(\w+)\}/g, ':$1').replace(/\/$/, '')}`,
        ),
      ),
    );
    const served = server.running.app.routeTable
      .all()
      .filter(({ url }) => url.startsWith(`/compat/${vendor}/`) && !url.endsWith('/openapi.json'))
      .flatMap(({ url, methods }) =>
        methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${url.replace(/\/$/, '')}`),
      );
    for (const route of served) expect(documented, route).toContain(route);
    const native = (await call(server, 'GET', '/openapi.json')).body;
    expect(Object.keys(native.paths).filter((path) => path.startsWith('/compat'))).toEqual([]);
  });
});
