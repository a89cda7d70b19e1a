// Usage over time (SPEC "Usage"): every door counts, per token, minute and outcome code; the series
// sums exactly after a flush, at every granularity, across two instances and across retention.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneUsage } from '../../src/services/usage-retention.js';
import { ManualClock } from '../helpers/clock.js';
import { addMember, call, createToken, startTestServer, type TestServer } from '../helpers/server.js';

const START = Date.parse('2030-01-01T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const clock = new ManualClock(START);
const secretKey = `0:${randomBytes(32).toString('base64url')}`;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock, env: { TESSERA_SECRET_KEY: secretKey } });
});
afterAll(() => server.close());

const verify = (token: string, extra: Record<string, unknown> = {}) =>
  call(server, 'POST', '/v1/verify', { body: { token, ...extra } });

async function usageOf(tokenId: string, query: string, token = server.ownerToken) {
  await server.running.deps.usage.flush();
  const answer = await call(server, 'GET', `/v1/tokens/${tokenId}/usage?${query}`, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as {
    token_id: string;
    granularity: string;
    from: string;
    to: string;
    series: { start: string; total: number; valid: number; refused: Record<string, number> }[];
  };
}

/** Sums a series by outcome: `valid` and each refused code. */
function totals(series: { valid: number; refused: Record<string, number>; total: number }[]) {
  const sums: Record<string, number> = { total: 0, valid: 0 };
  for (const point of series) {
    sums.total! += point.total;
    sums.valid! += point.valid;
    for (const [code, count] of Object.entries(point.refused)) sums[code] = (sums[code] ?? 0) + count;
  }
  return sums;
}

const range = (fromMs: number, toMs: number, granularity: string) =>
  `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&granularity=${granularity}`;

describe('usage counts', () => {
  it('mixed outcomes over several minutes, through verify, the bearer door and a dialect: every granularity sums exactly', async () => {
    clock.set(START);
    const token = await createToken(server, server.ownerToken, {
      name: 'counted',
      ttl: 3600,
      allowed_cidrs: ['10.0.0.0/8'],
      rate_limit: { limit: 3, window_seconds: 60 },
    });
    const expected: Record<string, number> = { valid: 0, forbidden: 0, rate_limited: 0 };
    // Minute 0: two valid, one refused for its address; minute 1: three valid (the third over the limit
    // of 3 a minute counts as rate_limited); minute 3: one valid through each other door.
    for (const ip of ['10.0.0.1', '10.0.0.2', '192.0.2.1']) {
      const answer = await verify(token.secret, { ip });
      expected[answer.body.code] = (expected[answer.body.code] ?? 0) + 1;
    }
    clock.advance(MINUTE);
    for (let i = 0; i < 4; i++) {
      const answer = await verify(token.secret, { ip: '10.1.2.3' });
      expected[answer.body.code] = (expected[answer.body.code] ?? 0) + 1;
    }
    expect(expected).toEqual({ valid: 5, forbidden: 1, rate_limited: 1 });
    clock.advance(2 * MINUTE);
    // The bearer door and the Fastly door: both refused here (the token is confined to 10/8 and the
    // test client calls from loopback), and both counted under their code.
    const bearer = await call(server, 'GET', '/v1/tokens/self', { token: token.secret });
    expect(bearer.status).toBe(401);
    const fastly = await call(server, 'GET', '/compat/fastly/tokens/self', {
      headers: { 'fastly-key': token.secret },
    });
    expect(fastly.status).toBe(401);
    expected.forbidden! += 2;

    const minutes = await usageOf(token.id, range(START, START + 5 * MINUTE, 'minute'));
    expect(minutes.series).toHaveLength(6);
    expect(minutes.series.map((point) => point.total)).toEqual([3, 4, 0, 2, 0, 0]);
    expect(minutes.series[0]).toEqual({
      start: new Date(START).toISOString(),
      total: 3,
      valid: 2,
      refused: { forbidden: 1 },
    });
    expect(minutes.series[1]!.refused).toEqual({ rate_limited: 1 });
    const N = 3 + 4 + 2;
    expect(totals(minutes.series)).toEqual({ total: N, ...expected });
    for (const granularity of ['hour', 'day']) {
      const coarse = await usageOf(token.id, range(START, START + 5 * MINUTE, granularity));
      expect(coarse.series).toHaveLength(1);
      expect(totals(coarse.series)).toEqual({ total: N, ...expected });
    }
  });

  it('every bucket of the range is present, zeros included, aligned down to the UTC boundary', async () => {
    clock.set(START + 7 * HOUR + 13 * MINUTE);
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    expect((await verify(token.secret)).body.code).toBe('valid');
    const series = await usageOf(token.id, 'granularity=hour');
    // The defaults: from 24 h before now, to now, by the hour: 25 buckets, the last one holding the use.
    expect(series.series).toHaveLength(25);
    expect(series.series[0]!.start).toBe(new Date(START + 7 * HOUR - 24 * HOUR).toISOString());
    expect(series.series.at(-1)).toEqual({
      start: new Date(START + 7 * HOUR).toISOString(),
      total: 1,
      valid: 1,
      refused: {},
    });
    expect(series.series.slice(0, -1).every((point) => point.total === 0)).toBe(true);
    expect(series.to).toBe(new Date(START + 7 * HOUR + 13 * MINUTE).toISOString());
  });

  it('a revoked, an expired and a disabled token are counted under their codes', async () => {
    clock.set(START + 30 * HOUR);
    const revoked = await createToken(server, server.ownerToken, { ttl: 3600 });
    const expired = await createToken(server, server.ownerToken, { ttl: 60 });
    const disabled = await createToken(server, server.ownerToken, { ttl: 3600 });
    const revoke = await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken });
    expect(revoke.status, revoke.text).toBeLessThan(300);
    const patched = await call(server, 'PATCH', `/v1/tokens/${disabled.id}`, {
      token: server.ownerToken,
      body: { is_active: false },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status, patched.text).toBe(200);
    clock.advance(2 * MINUTE);
    for (const [token, code] of [
      [revoked, 'revoked'],
      [expired, 'expired'],
      [disabled, 'disabled'],
    ] as const) {
      expect((await verify(token.secret)).body.code).toBe(code);
      const usage = await usageOf(
        token.id,
        `granularity=minute&from=${new Date(START + 30 * HOUR).toISOString()}`,
      );
      expect(totals(usage.series)).toEqual({ total: 1, valid: 0, [code]: 1 });
    }
  });

  it('unknown and malformed secrets are counted nowhere', async () => {
    await server.running.deps.usage.flush();
    const before = await call(server, 'GET', '/v1/usage?group_by=code&granularity=day', {
      token: server.ownerToken,
    });
    await verify('nope');
    await verify(`tsr_a0_${'0'.repeat(49)}`);
    await server.running.deps.usage.flush();
    const after = await call(server, 'GET', '/v1/usage?group_by=code&granularity=day', {
      token: server.ownerToken,
    });
    // The one thing counted in between is the owner token's own call that read `before`.
    const withOneMoreValid = before.body.data.map((rank: { code: string; total: number; valid: number }) =>
      rank.code === 'valid' ? { ...rank, total: rank.total + 1, valid: rank.valid + 1 } : rank,
    );
    expect(after.body.data).toEqual(withOneMoreValid);
  });
});

describe('GET /v1/usage: the busiest tokens and codes', () => {
  it('ranks tokens and codes busiest first, with the list envelope and Link header', async () => {
    const owner = (await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken })).body
      .id as string;
    clock.set(START + 60 * HOUR);
    const busy = await createToken(server, server.ownerToken, { ttl: 3600, name: 'busy' });
    const quiet = await createToken(server, server.ownerToken, { ttl: 3600, name: 'quiet' });
    for (let i = 0; i < 5; i++) await verify(busy.secret);
    await verify(quiet.secret);
    await verify(quiet.secret, { action: 'anything:at-all', resource: 'a/../b' });
    await server.running.deps.usage.flush();
    const from = new Date(START + 60 * HOUR).toISOString();
    const tokens = await call(server, 'GET', `/v1/usage?from=${from}&granularity=minute&limit=1`, {
      token: server.ownerToken,
    });
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.body).toMatchObject({
      granularity: 'minute',
      group_by: 'token',
      data: [{ token_id: busy.id, total: 5, valid: 5, refused: 0 }],
      // busy, quiet, and the owner token that created them (every door counts, the API's too).
      pagination: { total_items: 3, limit: 1, offset: 0, next_cursor: null },
    });
    expect(tokens.headers.get('link')).toContain('rel="next"');
    const rest = await call(server, 'GET', `/v1/usage?from=${from}&granularity=minute&limit=2&offset=1`, {
      token: server.ownerToken,
    });
    const byToken = new Map(rest.body.data.map((rank: { token_id: string }) => [rank.token_id, rank]));
    expect(byToken.get(quiet.id)).toEqual({ token_id: quiet.id, total: 2, valid: 1, refused: 1 });
    // The owner's own calls (its creates, and reads of this ranking once written) are valid ones.
    expect(byToken.get(owner)).toMatchObject({ refused: 0 });
    const codes = await call(server, 'GET', `/v1/usage?from=${from}&granularity=minute&group_by=code`, {
      token: server.ownerToken,
    });
    expect(codes.body.data).toHaveLength(2);
    expect(codes.body.data[0]).toMatchObject({ code: 'valid', refused: 0 });
    expect(codes.body.data[0].valid).toBeGreaterThanOrEqual(5 + 1 + 2);
    expect(codes.body.data[1]).toEqual({ code: 'forbidden', total: 1, valid: 0, refused: 1 });
  });

  it('needs an admin or owner; a member reads the usage of their own tokens only', async () => {
    const { secret: writer } = await addMember(server, server.ownerToken, 'writer');
    expect((await call(server, 'GET', '/v1/usage', { token: writer })).status).toBe(403);
    const own = await createToken(server, writer, { ttl: 3600 });
    expect((await call(server, 'GET', `/v1/tokens/${own.id}/usage`, { token: writer })).status).toBe(200);
    const others = await createToken(server, server.ownerToken, { ttl: 3600 });
    expect([403, 404]).toContain(
      (await call(server, 'GET', `/v1/tokens/${others.id}/usage`, { token: writer })).status,
    );
  });
});

describe('bad usage queries: a 400 problem, nothing else', () => {
  it.each([
    ['an unknown granularity', 'granularity=week', 'invalid_query'],
    ['from after to', 'from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z', 'invalid_query'],
    ['not a timestamp', 'from=yesterday', 'invalid_query'],
    [
      '1,442 minute buckets',
      'from=2030-01-01T00:00:00Z&to=2030-01-02T00:01:00Z&granularity=minute',
      'invalid_query',
    ],
    ['an unknown parameter', 'colour=blue', 'invalid_query'],
  ])('%s', async (_label, query, code) => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    for (const path of [`/v1/tokens/${token.id}/usage?${query}`, `/v1/usage?${query}`]) {
      const answer = await call(server, 'GET', path, { token: server.ownerToken });
      expect(answer.status, `${path}: ${answer.text}`).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe(code);
    }
  });

  it('exactly 1,441 minute buckets is allowed; group_by and limit outside their range are 400', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    const widest = await call(
      server,
      'GET',
      `/v1/tokens/${token.id}/usage?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:59Z&granularity=minute`,
      { token: server.ownerToken },
    );
    expect(widest.status, widest.text).toBe(200);
    expect(widest.body.series).toHaveLength(1441);
    for (const query of ['group_by=day', 'limit=0', 'limit=101', 'offset=-1']) {
      expect((await call(server, 'GET', `/v1/usage?${query}`, { token: server.ownerToken })).status).toBe(
        400,
      );
    }
  });

  it('another tenant’s token, or none, is a 404', async () => {
    const answer = await call(server, 'GET', '/v1/tokens/tok_0000000000000000000000/usage', {
      token: server.ownerToken,
    });
    expect(answer.status).toBe(404);
  });
});

describe('retention and instances', () => {
  it('after minute buckets age out, hour and day series still sum exactly', async () => {
    clock.set(START + 100 * HOUR);
    const token = await createToken(server, server.ownerToken, { ttl: 86_400 });
    for (let i = 0; i < 7; i++) {
      await verify(token.secret);
      clock.advance(10 * MINUTE);
    }
    await server.running.deps.usage.flush();
    const window = range(START + 100 * HOUR, START + 102 * HOUR, 'minute');
    expect(totals((await usageOf(token.id, window)).series).total).toBe(7);
    clock.advance(49 * HOUR);
    // Two rows a statement: the prune repeats until nothing is left to delete. The server's own
    // retention job (first run 5 s after start) may have taken some rows already under load, so
    // what is asserted is that nothing is left, not how many this call removed.
    const deleted = await pruneUsage(server.running.deps, 2);
    console.info(`pruned ${deleted} rows two a statement`);
    expect(await pruneUsage(server.running.deps, 2)).toBe(0);
    expect(totals((await usageOf(token.id, window)).series).total).toBe(0);
    for (const granularity of ['hour', 'day']) {
      const coarse = await usageOf(token.id, range(START + 100 * HOUR, START + 102 * HOUR, granularity));
      expect(totals(coarse.series)).toEqual({ total: 7, valid: 7 });
    }
  });

  it('two instances on one database add up', async () => {
    clock.set(START + 200 * HOUR);
    const second = await startTestServer({
      clock,
      env: { TESSERA_SECRET_KEY: secretKey },
      sameDatabaseAs: server,
    });
    try {
      const token = await createToken(server, server.ownerToken, { ttl: 3600 });
      for (let i = 0; i < 6; i++) {
        const through = i % 2 === 0 ? server : second;
        const answer = await call(through, 'POST', '/v1/verify', { body: { token: token.secret } });
        expect(answer.body.code).toBe('valid');
      }
      // Both instances counted in the same minute: the upsert adds, so the bucket holds both.
      await second.running.deps.usage.flush();
      const series = await usageOf(token.id, range(START + 200 * HOUR, START + 200 * HOUR, 'minute'));
      expect(series.series).toEqual([
        { start: new Date(START + 200 * HOUR).toISOString(), total: 6, valid: 6, refused: {} },
      ]);
    } finally {
      await second.close();
    }
  });
});
