// Expiry and not_before to the millisecond, with the injected clock, at both doors that take a token.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });

describe('validity window: notBefore <= now < expiresAt', () => {
  it('expires_at − 1 ms is valid; exactly and + 1 ms are expired', async () => {
    const start = clock.nowMs();
    const token = await createToken(server, server.ownerToken, { name: 'edge', ttl: 60 });
    const expiresAt = start + 60_000;
    const expectations: [number, number, string][] = [
      [expiresAt - 1, 200, 'valid'],
      [expiresAt, 401, 'expired'],
      [expiresAt + 1, 401, 'expired'],
    ];
    for (const [atMs, status, code] of expectations) {
      clock.set(atMs);
      expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), status);
      expect((await call(server, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code).toBe(
        code,
      );
    }
    clock.set(start);
  });

  it('not_before in the future is not_yet_valid until exactly not_before', async () => {
    const start = clock.nowMs();
    const notBefore = start + 10_000;
    const token = await createToken(server, server.ownerToken, {
      name: 'later',
      ttl: 60,
      not_before: new Date(notBefore).toISOString(),
    });
    for (const [atMs, code] of [
      [notBefore - 1, 'not_yet_valid'],
      [notBefore, 'valid'],
      [notBefore + 1, 'valid'],
    ] as const) {
      clock.set(atMs);
      expect((await call(server, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code).toBe(
        code,
      );
    }
    clock.set(start);
  });
});
