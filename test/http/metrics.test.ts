// GET /metrics: Prometheus text with requests per route pattern, verification outcomes, cache lookups
// and store queries; a flood of bad-checksum tokens costs zero store queries; no secret, token id or
// scanned path ever becomes a label.

import { describe, expect, it } from 'vitest';
import { BACKGROUND_OPERATIONS } from '../../src/store/decorators/query-counting.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, TEST_BACKEND, useTestServer } from '../helpers/server.js';

const server = useTestServer();

async function scrape(): Promise<string> {
  const answer = await call(server, 'GET', '/metrics');
  expectStatus(answer, 200);
  expect(answer.headers.get('content-type')).toContain('text/plain');
  return answer.text;
}

/** The sum of every sample of `name` whose labels include all of `labels`. */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (wanted) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('GET /metrics', () => {
  it('counts verification outcomes and cache lookups; a bad-checksum flood makes zero store queries', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    for (let index = 0; index < 3; index++)
      await call(server, 'POST', '/v1/verify', { body: { token: token.secret } });
    const before = await scrape();
    const badChecksum = `${token.secret.slice(0, -1)}${token.secret.endsWith('A') ? 'B' : 'A'}`;
    await Promise.all(
      Array.from({ length: 200 }, () => call(server, 'POST', '/v1/verify', { body: { token: badChecksum } })),
    );
    const after = await scrape();
    // The scrape itself pings the database (dependency_up), the batch of the valid uses above may be
    // written meanwhile, and the dispatcher polls for deliveries: none of it is caused by the flood.
    const bookkeeping = (text: string) =>
      BACKGROUND_OPERATIONS.reduce(
        (sum, operation) => sum + total(text, 'tessera_store_queries_total', { operation }),
        0,
      );
    const queries =
      total(after, 'tessera_store_queries_total') -
      bookkeeping(after) -
      (total(before, 'tessera_store_queries_total') - bookkeeping(before));
    const malformed =
      total(after, 'tessera_verifications_total', { door: 'verify', code: 'malformed' }) -
      total(before, 'tessera_verifications_total', { door: 'verify', code: 'malformed' });
    console.info(`200 bad-checksum verifications: ${malformed} counted malformed, ${queries} store queries`);
    expect(malformed).toBe(200);
    expect(queries).toBe(0);
    expect(total(after, 'tessera_store_queries_total', { operation: 'findCredentialByDigest' })).toBe(
      total(before, 'tessera_store_queries_total', { operation: 'findCredentialByDigest' }),
    );
    expect(total(before, 'tessera_verifications_total', { door: 'verify', code: 'valid' })).toBe(3);
    expect(total(before, 'tessera_verify_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(2);
    expect(total(before, 'tessera_verify_cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(total(after, 'tessera_dependency_up', { dependency: 'database' })).toBe(1);
    expect(total(after, 'tessera_verify_cache_enabled')).toBe(1);
    // PostgreSQL reports its pool; SQLite has one connection and no pool to report.
    if (TEST_BACKEND === 'postgres')
      expect(total(after, 'tessera_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    else expect(after).not.toContain('tessera_db_pool_connections{');
  });

  it('labels requests by route pattern: no token id, secret or scanned path becomes a label', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    await call(server, 'GET', `/no/such/${token.secret}`);
    const text = await scrape();
    expect(total(text, 'tessera_http_requests_total', { route: '/v1/tokens/:id', status: '200' })).toBe(1);
    expect(total(text, 'tessera_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(text).toContain('tessera_http_request_duration_seconds_bucket');
    expect(text).not.toContain(token.id);
    expect(text).not.toContain(token.secret);
    expect(text).not.toContain('/no/such');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('the request histogram is whole: buckets only grow, +Inf is the count, and each request is in it once', async () => {
    const route = { method: 'GET', route: '/healthz' };
    const count = (text: string) => total(text, 'tessera_http_request_duration_seconds_count', route);
    const before = count(await scrape());
    for (let index = 0; index < 7; index++) expectStatus(await call(server, 'GET', '/healthz'), 200);
    const text = await scrape();
    expect(count(text) - before).toBe(7);
    const buckets = text
      .split('\n')
      .filter((line) => line.startsWith('tessera_http_request_duration_seconds_bucket{'))
      .filter((line) => line.includes('route="/healthz"'))
      .map((line) => ({
        le: /le="([^"]+)"/.exec(line)![1]!,
        value: Number(line.slice(line.lastIndexOf(' ') + 1)),
      }));
    expect(buckets.map((bucket) => bucket.le)).toEqual([
      ...['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5'],
      '+Inf',
    ]);
    for (let index = 1; index < buckets.length; index++)
      expect(buckets[index]!.value).toBeGreaterThanOrEqual(buckets[index - 1]!.value);
    expect(buckets.at(-1)!.value).toBe(count(text));
    const sum = total(text, 'tessera_http_request_duration_seconds_sum', route);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(count(text) * 2.5);
    expect(text).toContain('# TYPE tessera_http_request_duration_seconds histogram');
    expect(total(text, 'tessera_http_requests_total', { ...route, status: '200' })).toBe(count(text));
  });
});
