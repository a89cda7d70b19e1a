// Canary tokens (SPEC "Canary tokens"): a decoy whoever presents it cannot tell from an unknown secret
// (the same answer, the same headers, the same store reads), while its owner sees it counted.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { aroundCalls } from '../../src/store/decorators/decorate.js';
import { BACKGROUND_OPERATIONS } from '../../src/store/decorators/query-counting.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

/** Store calls a verification makes; the background workers' (dispatcher, scheduler, flushes) are not. */
const BACKGROUND = new Set([...BACKGROUND_OPERATIONS, 'transaction']);
let verificationCalls = 0;
const server = useTestServer({
  env: { TESSERA_PERMANENT_TOKEN_CAP: '2' },
  wrapStore: (store) =>
    aroundCalls(store, (name, _args, call) => {
      if (!BACKGROUND.has(name)) verificationCalls++;
      return call();
    }),
});

/** A well-formed secret (right checksum, known key version) that no token has. */
const unknownSecret = () => formatSecret('api', 0, randomBytes(32));

/** An answer with what differs per request (its id, its date) taken out. */
async function comparable(answer: Promise<Response>) {
  const response = await answer;
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !['x-request-id', 'date'].includes(name)),
  );
  const text = (await response.text()).replace(/"request_id":"[^"]*"/, '"request_id":"…"');
  return { status: response.status, headers, text };
}

const doors = {
  verify: (secret: string) =>
    fetch(`${server.url}/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: secret, action: 'tokens:read' }),
    }),
  bearer: (secret: string) =>
    fetch(`${server.url}/v1/tokens/self`, { headers: { authorization: `Bearer ${secret}` } }),
  fastly: (secret: string) =>
    fetch(`${server.url}/compat/fastly/tokens/self`, { headers: { 'fastly-key': secret } }),
  launchdarkly: (secret: string) =>
    fetch(`${server.url}/compat/launchdarkly/api/v2/tokens`, { headers: { authorization: secret } }),
};

describe('canary tokens', () => {
  it('are created with canary: true, listed as such, and take no room under the permanent cap', async () => {
    // The cap is 2 here: two permanent tokens fill it, and a permanent canary is still allowed.
    await createToken(server, server.ownerToken, { name: 'real-1' });
    await createToken(server, server.ownerToken, { name: 'real-2' });
    const full = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      body: { name: 'real-3' },
    });
    expect(full.status).toBe(409);
    const canary = await createToken(server, server.ownerToken, { name: 'decoy', canary: true });
    expect(canary).toMatchObject({ canary: true, lifetime: 'permanent' });
    const listed = await call(server, 'GET', '/v1/tokens?limit=100', { token: server.ownerToken });
    const found = listed.body.data.find((token: { id: string }) => token.id === canary.id);
    expect(found).toMatchObject({ canary: true });
    expect(listed.body.data.filter((token: { canary: boolean }) => token.canary)).toHaveLength(1);
    // canary is fixed at creation: a patch that changes it is refused.
    const patched = await call(server, 'PATCH', `/v1/tokens/${canary.id}`, {
      token: server.ownerToken,
      body: { canary: false },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.code).toBe('immutable_field');
  });

  it.each(Object.keys(doors) as (keyof typeof doors)[])(
    'on %s: the answer is byte-equal to an unknown secret’s, apart from the request id',
    async (door) => {
      const canary = await createToken(server, server.ownerToken, { canary: true, ttl: 3600, role: 'owner' });
      const presented = await comparable(doors[door](canary.secret));
      const unknown = await comparable(doors[door](unknownSecret()));
      expect(presented).toEqual(unknown);
      expect([200, 401]).toContain(presented.status);
      // A second presentation (now from the cache) still answers the same.
      expect(await comparable(doors[door](canary.secret))).toEqual(unknown);
    },
  );

  it('makes exactly the store reads an unknown secret makes, first and cached presentation alike', async () => {
    const canary = await createToken(server, server.ownerToken, { canary: true, ttl: 3600 });
    const unknown = unknownSecret();
    const readsOf = async (secret: string) => {
      const before = verificationCalls;
      await doors.verify(secret);
      return verificationCalls - before;
    };
    const first = { canary: await readsOf(canary.secret), unknown: await readsOf(unknown) };
    const cached = { canary: await readsOf(canary.secret), unknown: await readsOf(unknown) };
    expect(first.canary).toBe(first.unknown);
    expect(cached.canary).toBe(cached.unknown);
    console.log(
      `store calls per verification: first ${JSON.stringify(first)}, cached ${JSON.stringify(cached)}`,
    );
  });

  it('takes the time an unknown secret takes (medians of 300 presentations each, interleaved)', async () => {
    const canary = await createToken(server, server.ownerToken, { canary: true, ttl: 3600 });
    const unknown = unknownSecret();
    const timings = { canary: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 300; i++) {
      for (const [name, secret] of [
        ['canary', canary.secret],
        ['unknown', unknown],
      ] as const) {
        const started = performance.now();
        await (await doors.verify(secret)).text();
        timings[name].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => values.sort((left, right) => left - right)[values.length >> 1]!;
    const medians = { canary: median(timings.canary), unknown: median(timings.unknown) };
    console.log(
      `verify medians over loopback: canary ${medians.canary.toFixed(3)} ms, unknown ${medians.unknown.toFixed(3)} ms`,
    );
    // A wide margin: loopback timings on a shared machine are noisy; a store read would be far more.
    expect(medians.canary).toBeLessThan(medians.unknown * 1.5 + 0.2);
  });

  it('is counted in its owner’s usage as the not_found its presenter got', async () => {
    const canary = await createToken(server, server.ownerToken, { canary: true, ttl: 3600 });
    await doors.verify(canary.secret);
    await doors.bearer(canary.secret);
    await server.running.deps.usage.flush();
    const usage = await call(server, 'GET', `/v1/tokens/${canary.id}/usage?granularity=day`, {
      token: server.ownerToken,
    });
    expect(usage.status).toBe(200);
    const refused = usage.body.series.reduce(
      (sum: number, point: { refused: Record<string, number> }) => sum + (point.refused.not_found ?? 0),
      0,
    );
    expect(refused).toBe(2);
  });
});
