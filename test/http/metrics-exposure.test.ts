// Metrics exposure (issue 20, item 19; SPEC "Public routes"): TESSERA_METRICS_TOKEN makes /metrics need
// that bearer (and nothing else will do, a valid Tessera token included); TESSERA_METRICS_PORT moves
// /metrics to a listener of its own and off the API's port, where the API's own answers are counted.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { call, useTestServer } from '../helpers/server.js';

const METRICS_TOKEN = 'scrape-4b1f0c8e9d2a7f36';
const guarded = useTestServer({ env: { TESSERA_METRICS_TOKEN: METRICS_TOKEN } });
const separate = useTestServer({ env: { TESSERA_METRICS_PORT: '0' } });
const both = useTestServer({ env: { TESSERA_METRICS_PORT: '0', TESSERA_METRICS_TOKEN: METRICS_TOKEN } });

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('TESSERA_METRICS_TOKEN', () => {
  it('answers the metrics to that bearer only', async () => {
    const ok = await call(guarded, 'GET', '/metrics', bearer(METRICS_TOKEN));
    expectStatus(ok, 200);
    expect(ok.text).toContain('tessera_http_requests_total');
    for (const options of [
      {},
      bearer(`${METRICS_TOKEN}x`),
      bearer(METRICS_TOKEN.slice(0, -1)),
      bearer(guarded.ownerToken),
      { headers: { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` } },
    ]) {
      const refused = await call(guarded, 'GET', '/metrics', options);
      expectStatus(refused, 401, 'unauthorized');
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(refused.text).not.toContain('tessera_http_requests_total');
      expect(refused.text).not.toContain(METRICS_TOKEN);
    }
  });

  it('leaves the other public routes public, and says so in the OpenAPI document', async () => {
    expectStatus(await call(guarded, 'GET', '/healthz'), 200);
    const document = (await call(guarded, 'GET', '/openapi.json')).body;
    expect(document.paths['/metrics'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/healthz'].get.security).toEqual([]);
  });

  it('is refused when too short to be a secret', async () => {
    const { ConfigError, parseConfig } = await import('../../src/config.js');
    expect(() => parseConfig({ TESSERA_METRICS_TOKEN: 'short' })).toThrow(ConfigError);
  });
});

describe('TESSERA_METRICS_PORT', () => {
  it('serves /metrics on its own listener and not on the API port', async () => {
    const metricsUrl = separate.running.metricsUrl!;
    expect(metricsUrl).not.toBeNull();
    expect(metricsUrl).not.toBe(separate.url);
    expectStatus(await call(separate, 'GET', '/healthz'), 200);
    expectStatus(await call(separate, 'GET', '/metrics'), 404, 'not_found');
    const scraped = await call({ url: metricsUrl }, 'GET', '/metrics');
    expectStatus(scraped, 200);
    // The API port's answers are what is counted, /healthz just above among them.
    expect(scraped.text).toMatch(
      /tessera_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/,
    );
    // The metrics listener serves nothing else.
    expectStatus(await call({ url: metricsUrl }, 'GET', '/healthz'), 404, 'not_found');
    expectStatus(
      await call({ url: metricsUrl }, 'GET', '/v1/tokens/self', { token: separate.ownerToken }),
      404,
    );
    // And the API's document no longer lists it.
    expect((await call(separate, 'GET', '/openapi.json')).body.paths['/metrics']).toBeUndefined();
  });

  it('with a metrics token, the separate listener needs it too', async () => {
    const target = { url: both.running.metricsUrl! };
    expectStatus(await call(target, 'GET', '/metrics'), 401, 'unauthorized');
    expectStatus(await call(target, 'GET', '/metrics', bearer(METRICS_TOKEN)), 200);
  });

  it('must differ from PORT', async () => {
    const { ConfigError, parseConfig } = await import('../../src/config.js');
    expect(() => parseConfig({ PORT: '9000', TESSERA_METRICS_PORT: '9000' })).toThrow(ConfigError);
    expect(parseConfig({ TESSERA_METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(parseConfig({}).metricsPort).toBeNull();
  });
});
