// TESSERA_TRUST_PROXY (issue 20, item 12): behind a trusted proxy the client's address comes from
// X-Forwarded-For everywhere an address is used (allowed_cidrs, last_used_ip, audit); without the
// setting, or from a proxy not trusted, the header is ignored (anyone can send it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { call, createToken, startTestServer, type TestServer } from '../helpers/server.js';

const CLIENT = '203.0.113.7';
const forwarded = { 'x-forwarded-for': CLIENT };

/** A token usable only from the client's network, 203.0.113.0/24. */
const officeToken = (server: TestServer) =>
  createToken(server, server.ownerToken, {
    name: 'from-the-office',
    allowed_cidrs: ['203.0.113.0/24'],
    ttl: 600,
  });

async function lastUsedIp(server: TestServer, id: string): Promise<string | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const read = await call(server, 'GET', `/v1/tokens/${id}`, { token: server.ownerToken });
    if (read.body.last_used_ip !== null) return read.body.last_used_ip;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

describe.each([
  ['a list of proxy blocks', '127.0.0.1/32,::1'],
  ['a hop count', '1'],
])('behind a trusted proxy (%s)', (_name, setting) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TESSERA_TRUST_PROXY: setting } });
  });
  afterAll(() => server.close());

  it('sees the client behind it: allowed_cidrs, last_used_ip and audit use the forwarded address', async () => {
    const confined = await officeToken(server);
    expect(
      (await call(server, 'GET', '/v1/tokens/self', { token: confined.secret, headers: forwarded })).status,
    ).toBe(200);
    // The proxy's own address is not in the block: without the header the token is refused.
    expect((await call(server, 'GET', '/v1/tokens/self', { token: confined.secret })).status).toBe(401);
    expect(await lastUsedIp(server, confined.id)).toBe(CLIENT);
    await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      body: { name: 'audited', ttl: 60 },
      headers: forwarded,
    });
    const audit = await call(server, 'GET', '/v1/audit-events?limit=1', { token: server.ownerToken });
    expect(audit.body.data[0]).toMatchObject({ action: 'token.create', client_ip: CLIENT });
  });
});

describe('without TESSERA_TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('ignores X-Forwarded-For: anyone can send it', async () => {
    const confined = await officeToken(server);
    expect(
      (await call(server, 'GET', '/v1/tokens/self', { token: confined.secret, headers: forwarded })).status,
    ).toBe(401);
    const open = await createToken(server, server.ownerToken, { name: 'anywhere', ttl: 600 });
    await call(server, 'GET', '/v1/tokens/self', { token: open.secret, headers: forwarded });
    expect(await lastUsedIp(server, open.id)).toBe('127.0.0.1');
  });

  it('a proxy not in the trusted list is not believed either', async () => {
    const other = await startTestServer({ env: { TESSERA_TRUST_PROXY: '192.0.2.10' } });
    try {
      const confined = await officeToken(other);
      expect(
        (await call(other, 'GET', '/v1/tokens/self', { token: confined.secret, headers: forwarded })).status,
      ).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses a setting that is none of off, a hop count or addresses', () => {
    for (const bad of ['yes', '0', '11', '10.0.0.0/33', 'proxy.example']) {
      expect(() => parseConfig({ TESSERA_TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TESSERA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TESSERA_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });
});
