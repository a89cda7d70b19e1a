// Token rate limits (per instance, without Redis): exactly n pass per window under parallel load;
// verify says rate_limited with the window; Tessera's own API answers 429 with Retry-After, never 401.
import { describe, expect, it } from 'vitest';
import { evaluateRateLimit } from '../../src/core/rate-limit.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock(Date.parse('2030-01-01T00:00:00.000Z'));
const server = useTestServer({ clock });

describe('rate limits', () => {
  it('a limit of 5 per minute under 40 parallel verifies: exactly 5 pass per window', async () => {
    const token = await createToken(server, server.ownerToken, {
      rate_limit: { limit: 5, window_seconds: 60 },
      ttl: 3600,
    });
    expect(token.rate_limit).toEqual({ limit: 5, window_seconds: 60 });
    for (let window = 0; window < 3; window++) {
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          call(server, 'POST', '/v1/verify', { body: { token: token.secret } }),
        ),
      );
      const valid = answers.filter((answer) => answer.body.code === 'valid');
      expect(valid).toHaveLength(5);
      expect(answers.filter((answer) => answer.body.code === 'rate_limited')).toHaveLength(35);
      expect(valid.map((answer) => answer.body.ratelimit.remaining).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(answers[0]!.body.ratelimit.reset_at).toBe(
        new Date(clock.nowMs() - (clock.nowMs() % 60_000) + 60_000).toISOString(),
      );
      clock.advance(60_000);
    }
  });

  it('on the API: 429 with Retry-After and RateLimit-* headers, never 401', async () => {
    const token = await createToken(server, server.ownerToken, {
      rate_limit: { limit: 2, window_seconds: 10 },
      ttl: 3600,
    });
    clock.set(clock.nowMs() - (clock.nowMs() % 10_000) + 3000);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 200);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 200);
    const limited = await call(server, 'GET', '/v1/tokens/self', { token: token.secret });
    expectStatus(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('ratelimit-limit')).toBe('2');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe('7');
    clock.advance(7000);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 200);
  });

  it('children inherit the limit and may not loosen it; a patch may tighten it', async () => {
    const limited = await createToken(server, server.ownerToken, {
      rate_limit: { limit: 100, window_seconds: 60 },
      ttl: 3600,
    });
    const child = await createToken(server, limited.secret, { ttl: 60 });
    expect(child.rate_limit).toEqual({ limit: 100, window_seconds: 60 });
    for (const rate_limit of [
      { limit: 101, window_seconds: 60 },
      { limit: 100, window_seconds: 59 },
    ]) {
      expectStatus(
        await call(server, 'POST', '/v1/tokens', { token: limited.secret, body: { rate_limit, ttl: 60 } }),
        403,
        'forbidden',
      );
    }
    const tightened = await call(server, 'PATCH', `/v1/tokens/${child.id}`, {
      token: limited.secret,
      body: { rate_limit: { limit: 10, window_seconds: 60 } },
    });
    expectStatus(tightened, 200);
    const loosened = await call(server, 'PATCH', `/v1/tokens/${child.id}`, {
      token: limited.secret,
      body: { rate_limit: null },
    });
    expectStatus(loosened, 403, 'forbidden');
  });

  it('evaluateRateLimit: the hit past the limit is refused and the window restarts on its boundary', () => {
    const setting = { limit: 2, windowSeconds: 1 };
    let state = null;
    const outcomes: boolean[] = [];
    for (const nowMs of [1000, 1500, 1999, 2000, 2001]) {
      const decision = evaluateRateLimit(state, setting, nowMs);
      outcomes.push(decision.allowed);
      state = decision.next;
    }
    expect(outcomes).toEqual([true, true, false, true, true]);
  });
});
