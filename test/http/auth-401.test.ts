// Every failed authentication is one indistinguishable 401; malformed tokens never reach storage.
import { describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { type Answer, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });

/** Status, headers and body of a 401 with the per-request parts (request id, date) taken out. */
function comparable(answer: Answer) {
  const headers = Object.fromEntries(
    [...answer.headers].filter(([name]) => !['date', 'x-request-id'].includes(name)),
  );
  const { request_id, ...body } = answer.body;
  expect(request_id).toMatch(/^req_/);
  return { status: answer.status, headers, body };
}

describe('one indistinguishable 401', () => {
  it('revoked, expired, unknown, not-yet-valid and malformed tokens get the same answer', async () => {
    const revoked = await createToken(server, server.ownerToken, { name: 'revoked', ttl: 3600 });
    await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken });
    const expired = await createToken(server, server.ownerToken, { name: 'expired', ttl: 60 });
    const notYet = await createToken(server, server.ownerToken, {
      name: 'later',
      ttl: 7200,
      not_before: new Date(clock.nowMs() + 3_600_000).toISOString(),
    });
    clock.advance(61_000);
    const unknown = formatSecret('api', 0, new Uint8Array(32).fill(9));
    const cases = {
      revoked: revoked.secret,
      expired: expired.secret,
      notYetValid: notYet.secret,
      unknown,
      malformed: `${unknown.slice(0, -1)}x`,
      tokenIdAsBearer: revoked.id,
    };
    const answers = await Promise.all(
      Object.values(cases).map((secret) => call(server, 'GET', '/v1/tokens/self', { token: secret })),
    );
    const reference = comparable(answers[0]!);
    expect(reference.status).toBe(401);
    expect(reference.headers['www-authenticate']).toBe('Bearer realm="tessera"');
    expect(reference.headers['content-type']).toContain('application/problem+json');
    expect(reference.body.code).toBe('unauthorized');
    for (const answer of answers) expect(comparable(answer)).toEqual(reference);
  });

  it('a token with a bad checksum causes no store query', async () => {
    const good = formatSecret('api', 0, new Uint8Array(32).fill(3));
    const badChecksum = good.slice(0, -2) + (good.endsWith('00') ? '11' : '00');
    // Earlier tests' last uses are written behind, on a timer: write them now, so no background
    // flush lands inside the window counted below.
    await server.running.deps.usage.flush();
    const before = server.storeCalls();
    for (let round = 0; round < 20; round++) {
      const answer = await call(server, 'GET', '/v1/tokens', { token: badChecksum });
      expectStatus(answer, 401, 'unauthorized');
      const verify = await call(server, 'POST', '/v1/verify', { body: { token: badChecksum } });
      expect(verify.body.code).toBe('malformed');
    }
    expect(server.storeCalls() - before).toBe(0);
    // And the counter does count: a well-formed unknown token makes a query.
    await call(server, 'GET', '/v1/tokens', { token: good });
    expect(server.storeCalls() - before).toBeGreaterThan(0);
  });
});

describe('bad Authorization headers (RELIABILITY B)', () => {
  const headerCases: [string, Record<string, string>][] = [
    ['no header', {}],
    ['empty header', { authorization: '' }],
    ['Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['Bearer with nothing', { authorization: 'Bearer ' }],
    ['Bearer alone', { authorization: 'Bearer' }],
    ['foreign prefix', { authorization: 'Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789' }],
    ['10 KB token', { authorization: `Bearer ${'a'.repeat(10_240)}` }],
  ];
  it.each(headerCases)('%s → 401 with WWW-Authenticate, nothing changed', async (_name, headers) => {
    const before = await snapshot(server);
    const answer = await call(server, 'POST', '/v1/tokens', { headers, body: { name: 'never' } });
    expectStatus(answer, 401, 'unauthorized');
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="tessera"');
    expect(answer.body.code).toBe('unauthorized');
    expect(await snapshot(server)).toEqual(before);
  });

  it('the Bearer scheme is case-insensitive (RFC 7235)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const answer = await call(server, 'GET', '/v1/tokens/self', {
        headers: { authorization: `${scheme} ${server.ownerToken}` },
      });
      expectStatus(answer, 200, undefined, scheme);
    }
  });

  it('two Authorization headers → 401, even when both carry the valid token', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${server.url}/v1/tokens/self`);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'GET',
          headers: [
            'host',
            url.host,
            'authorization',
            `Bearer ${server.ownerToken}`,
            'authorization',
            `Bearer ${server.ownerToken}`,
          ] as never,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(status).toBe(401);
  });

  it('a token in the query string is a 400 and is never accepted', async () => {
    for (const path of [
      `/v1/tokens?access_token=${server.ownerToken}`,
      `/v1/tokens/self?x=${server.ownerToken}`,
      `/v1/tokens?token=abc`,
    ]) {
      const answer = await call(server, 'GET', path);
      expectStatus(answer, 400, 'token_in_query');
      expect(answer.text).not.toContain(server.ownerToken);
    }
    const withHeaderToo = await call(server, 'GET', `/v1/tokens?access_token=${server.ownerToken}`, {
      token: server.ownerToken,
    });
    expectStatus(withHeaderToo, 400, 'token_in_query');
  });
});
