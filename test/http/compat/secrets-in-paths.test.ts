// Where a vendor's client puts a secret in a URL path (NeuroIO get and delete by key, Lagrello delete by
// key), Tessera accepts it and no log line holds it: the captured log has zero occurrences, whole or
// in part, encoded or not.
import { describe, expect, it } from 'vitest';
import { call, createToken, useTestServer } from '../../helpers/server.js';

const server = useTestServer();

function expectNotLogged(secret: string): void {
  const log = server.logLines.join('\n');
  expect(log.length).toBeGreaterThan(0);
  // The random body alone is as secret as the whole: look for it too.
  const body = secret.slice('tsr_a0_'.length);
  expect(log.includes(secret)).toBe(false);
  expect(log.includes(body)).toBe(false);
  expect(log.includes(encodeURIComponent(secret))).toBe(false);
}

describe('secrets in vendor paths never reach the log', () => {
  it('NeuroIO GET and DELETE /v1/tokens/{key}/ work by key and log no trace of it', async () => {
    const target = await createToken(server, server.ownerToken, { ttl: 600 });
    const headers = { authorization: `Token ${server.ownerToken}` };
    const read = await call(server, 'GET', `/compat/neuroio/v1/tokens/${target.secret}/`, { headers });
    expect(read.status).toBe(200);
    const deleted = await call(server, 'DELETE', `/compat/neuroio/v1/tokens/${target.secret}/`, { headers });
    expect(deleted.status).toBe(204);
    // A second delete is a 404, logged as any other: still without the key.
    expect(
      (await call(server, 'DELETE', `/compat/neuroio/v1/tokens/${target.secret}`, { headers })).status,
    ).toBe(404);
    expectNotLogged(target.secret);
  });

  it('Lagrello DELETE /v1/tokens/{tokenKey} by the secret logs no trace of it', async () => {
    const target = await createToken(server, server.ownerToken, { ttl: 600 });
    const answer = await call(server, 'DELETE', `/compat/lagrello/v1/tokens/${target.secret}`, {
      token: server.ownerToken,
    });
    expect(answer.status).toBe(204);
    // An unknown key of the right shape too (a 404 is logged with its path).
    const unknown = await createToken(server, server.ownerToken, { ttl: 600 });
    await call(server, 'DELETE', `/v1/tokens/${unknown.id}`, { token: server.ownerToken });
    expect(
      (
        await call(server, 'DELETE', `/compat/lagrello/v1/tokens/${unknown.secret}`, {
          token: server.ownerToken,
        })
      ).status,
    ).toBe(404);
    expectNotLogged(target.secret);
    expectNotLogged(unknown.secret);
  });

  it('the callers’ own keys, sent in each vendor’s header, are not logged either', async () => {
    const caller = await createToken(server, server.ownerToken, { ttl: 600 });
    await call(server, 'GET', '/compat/fastly/tokens/self', { headers: { 'fastly-key': caller.secret } });
    await call(server, 'GET', '/compat/tiledb/tokens?type=api', {
      headers: { 'x-tiledb-rest-api-key': caller.secret },
    });
    await call(server, 'GET', '/compat/launchdarkly/api/v2/tokens', {
      headers: { authorization: caller.secret },
    });
    await call(server, 'GET', '/compat/neuroio/v1/tokens/', { headers: { token: `Token ${caller.secret}` } });
    await call(server, 'GET', '/compat/lagrello/v1/tokens', { token: caller.secret });
    expectNotLogged(caller.secret);
  });
});
