// Rotation: a new secret for the same id, shown once; LaunchDarkly's expiry grace for the old secret.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });
const codeOf = async (secret: string) =>
  (await call(server, 'POST', '/v1/verify', { body: { token: secret } })).body.code;

describe('rotate', () => {
  it('gives a new secret for the same id; by default the old one dies at once (as revoked)', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'rot', ttl: 3600 });
    const answer = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken });
    expectStatus(answer, 200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.id).toBe(token.id);
    expect(answer.body.secret).not.toBe(token.secret);
    expect(answer.body.hint).toBe(answer.body.secret.slice(-4));
    expect(await codeOf(token.secret)).toBe('revoked');
    expect(await codeOf(answer.body.secret)).toBe('valid');
    const trail = await call(server, 'GET', '/v1/audit-events?limit=1', { token: server.ownerToken });
    expect(trail.body.data[0]).toMatchObject({ action: 'token.rotate', target_id: token.id });
    expect(JSON.stringify(trail.body)).not.toContain(answer.body.secret);
  });

  it('with expiry: the old secret verifies until expiry − 1 ms and fails at expiry (query, body, and /reset)', async () => {
    for (const [path, where] of [
      ['rotate', 'query'],
      ['rotate', 'body'],
      ['reset', 'query'],
    ] as const) {
      const start = clock.nowMs();
      const token = await createToken(server, server.ownerToken, { ttl: 3600 });
      const expiry = start + 60_000;
      const answer = await call(
        server,
        'POST',
        `/v1/tokens/${token.id}/${path}${where === 'query' ? `?expiry=${expiry}` : ''}`,
        {
          token: server.ownerToken,
          ...(where === 'body' ? { body: { expiry } } : {}),
        },
      );
      expectStatus(answer, 200, undefined, `${path} ${where}`);
      clock.set(expiry - 1);
      expect(await codeOf(token.secret)).toBe('valid');
      expect(await codeOf(answer.body.secret)).toBe('valid');
      clock.set(expiry);
      expect(await codeOf(token.secret)).toBe('revoked');
      expect(await codeOf(answer.body.secret)).toBe('valid');
      clock.set(start);
    }
  });

  it('an expiry in the past means the old secret dies now; one in seconds is a 400 that says so', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    const inSeconds = await call(server, 'POST', `/v1/tokens/${token.id}/rotate?expiry=1`, {
      token: server.ownerToken,
    });
    expectStatus(inSeconds, 400, 'invalid_request');
    // Kept on the detail: the 400 must say the expiry looks like seconds, which no code can.
    expect(inSeconds.body.detail).toContain('seconds');
    expect(await codeOf(token.secret)).toBe('valid');
    const past = clock.nowMs() - 1000;
    const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate?expiry=${past}`, {
      token: server.ownerToken,
    });
    expectStatus(rotated, 200);
    expect(await codeOf(token.secret)).toBe('revoked');
  });

  it('rotating a revoked token is a 409; a stale If-Match a 412; bad expiry a 400', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    const etag = (
      await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken })
    ).headers.get('etag')!;
    await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
      token: server.ownerToken,
      body: { description: 'moved on' },
    });
    expectStatus(
      await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
        token: server.ownerToken,
        headers: { 'if-match': etag },
      }),
      412,
      'precondition_failed',
    );
    expectStatus(
      await call(server, 'POST', `/v1/tokens/${token.id}/rotate?expiry=soon`, { token: server.ownerToken }),
      400,
      'invalid_query',
    );
    expectStatus(
      await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
        token: server.ownerToken,
        body: { expiry: 1, other: 2 },
      }),
      400,
      'unknown_field',
    );
    await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    const answer = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken });
    expectStatus(answer, 409, 'conflict');
  });

  it('twenty parallel rotations with the same If-Match: exactly one succeeds, the rest 412', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    const etag = (
      await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken })
    ).headers.get('etag')!;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
          token: server.ownerToken,
          headers: { 'if-match': etag },
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 412)).toHaveLength(19);
  });

  it('twenty parallel rotations without If-Match: all run one after another, exactly one returned secret verifies', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const codes = await Promise.all(answers.map((answer) => codeOf(answer.body.secret)));
    expect(codes.filter((code) => code === 'valid')).toHaveLength(1);
  });
});

describe('max_uses', () => {
  it('a token with max_uses 7 verified 1,000 times in parallel: exactly 7 are valid', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600, max_uses: 7 });
    expect(token).toMatchObject({ max_uses: 7, remaining_uses: 7 });
    const answers = await Promise.all(
      Array.from({ length: 1000 }, () =>
        call(server, 'POST', '/v1/verify', { body: { token: token.secret } }),
      ),
    );
    const valid = answers.filter((answer) => answer.body.code === 'valid');
    expect(valid).toHaveLength(7);
    expect(valid.map((answer) => answer.body.remaining).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(answers.filter((answer) => answer.body.code === 'usage_exceeded')).toHaveLength(993);
    const read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expect(read.body.remaining_uses).toBe(0);
  });

  it('only a valid verification spends a use: a forbidden action does not', async () => {
    const token = await createToken(server, server.ownerToken, {
      ttl: 3600,
      max_uses: 2,
      scopes: ['orders:read'],
    });
    for (let round = 0; round < 5; round++) {
      expect(
        (await call(server, 'POST', '/v1/verify', { body: { token: token.secret, action: 'users:write' } }))
          .body.code,
      ).toBe('forbidden');
    }
    expect(
      (await call(server, 'POST', '/v1/verify', { body: { token: token.secret, action: 'orders:read' } }))
        .body.remaining,
    ).toBe(1);
  });
});
