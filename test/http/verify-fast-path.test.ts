// POST /v1/verify's node:http fast path (src/http/verify-fast-path.ts) answers exactly what Fastify's
// route answers: the same bytes and headers for every outcome, and anything unusual handed to Fastify so
// every refusal keeps its one problem shape. Each case is verified twice on one server: once through the
// fast path (a plain `{"token"}` body) and once through Fastify (a content type the fast path leaves to
// it, `application/json;charset=utf-8`), and the fast path's own counts say which branch each reached.
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors.js';
import { formatSecret } from '../../src/core/secret.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { type Answer, call, createToken, useTestServer } from '../helpers/server.js';

/** Makes credential reads fail while `failing` is set: the storage trouble a verification can meet. */
class FailingReads {
  failing = false;
  failures = 0;

  wrap(store: Store): Store {
    const findCredentialByDigest: Store['findCredentialByDigest'] = async (digest) => {
      if (this.failing) {
        this.failures++;
        throw new Error('the database is gone (test)');
      }
      return store.findCredentialByDigest(digest);
    };
    return new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'findCredentialByDigest'
          ? findCredentialByDigest
          : Reflect.get(target, property, receiver),
    });
  }
}

const clock = new ManualClock();
const reads = new FailingReads();
const server = useTestServer({ clock, wrapStore: (store) => reads.wrap(store) });
const fastOff = useTestServer({ verifyFastPath: false });

/** Which branch of the fast path each request reached, for the report at the end. */
const reached = { served: 0, handedOver: 0, untouched: 0 };

type Branch = keyof typeof reached;

/** One request to the verify URL (or `path`), its body sent as-is with `type` (JSON by default). */
interface RawVerify {
  readonly body: string | ReadableStream<Uint8Array>;
  readonly type?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
}

/** Sends one request to POST /v1/verify and checks which fast-path branch it took. */
async function verifyThrough(branch: Branch, init: RawVerify): Promise<Answer> {
  const { counts } = server.running.app.verifyFastPath;
  const before = { ...counts };
  const answer = await sendRaw(server, init);
  const taken: Branch =
    counts.served > before.served
      ? 'served'
      : counts.handedOver > before.handedOver
        ? 'handedOver'
        : 'untouched';
  expect(taken, `${init.path ?? '/v1/verify'} with ${String(init.body).slice(0, 60)}`).toBe(branch);
  reached[branch]++;
  return answer;
}

async function sendRaw(target: { url: string }, init: RawVerify): Promise<Answer> {
  const path = init.path ?? '/v1/verify';
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': init.type ?? 'application/json', ...init.headers },
    body: init.body,
    ...(typeof init.body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { method: 'POST', path, status: response.status, headers: response.headers, body, text };
}

/** The headers an answer carries, less the two that differ from one answer to the next. */
function stableHeaders(answer: Answer): Record<string, string> {
  const kept: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'x-request-id') kept[name] = value;
  });
  return kept;
}

/** The problem code of an error answer, to expect of its twin; nothing for a 2xx. */
function problemCode(answer: Answer): ErrorCode | undefined {
  return answer.status >= 400 ? (answer.body as { code: ErrorCode }).code : undefined;
}

/** The fast path's answer and Fastify's to the same secret, compared byte for byte. */
async function expectSameAnswer(secret: string, normalize: (text: string) => string = (text) => text) {
  const body = JSON.stringify({ token: secret });
  const fast = await verifyThrough('served', { body });
  const routed = await verifyThrough('handedOver', { body, type: 'application/json;charset=utf-8' });
  expectStatus(fast, 200);
  expectStatus(routed, 200);
  expect(normalize(fast.text)).toBe(normalize(routed.text));
  expect(stableHeaders(fast)).toEqual(stableHeaders(routed));
  expect(fast.headers.get('x-request-id')).toMatch(/\S/);
  expect(fast.headers.get('x-request-id')).not.toBe(routed.headers.get('x-request-id'));
  expect(fast.text).not.toContain(secret);
  return fast.body as { code: string; [field: string]: unknown };
}

describe('the verify fast path answers as the Fastify route does', () => {
  it('valid tokens of every shape, byte for byte and header for header', async () => {
    const shapes: Record<string, unknown>[] = [
      { ttl: 600 },
      {
        ttl: 600,
        name: 'with metadata',
        metadata: { team: 'billing', ü: 'ß', nested: { list: [1, 2, null] } },
      },
      { ttl: 600, role: 'reader', scopes: ['orders:read', 'orders:list'] },
      { service: true, name: 'payments', ttl: 600 },
      { ttl: 600, policy: [{ effect: 'allow', actions: ['reports:*'], resources: ['reports/*'] }] },
      {},
    ];
    for (const shape of shapes) {
      const token = await createToken(server, server.ownerToken, shape);
      // The first verification fills the cache, the second is a hit with answer bytes kept.
      expect((await expectSameAnswer(token.secret)).code).toBe('valid');
      expect((await expectSameAnswer(token.secret)).code).toBe('valid');
    }
  });

  it('every refusal: malformed, not_found, revoked, disabled, expired, not_yet_valid', async () => {
    const codes: string[] = [];
    const bad = (await createToken(server, server.ownerToken, { ttl: 600 })).secret;
    codes.push((await expectSameAnswer(`${bad.slice(0, -1)}${bad.endsWith('A') ? 'B' : 'A'}`)).code);
    codes.push((await expectSameAnswer('not-a-token')).code);
    codes.push((await expectSameAnswer(formatSecret('api', 0, new Uint8Array(32).fill(7)))).code);

    const revoked = await createToken(server, server.ownerToken, { ttl: 600 });
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken }), 204);
    codes.push((await expectSameAnswer(revoked.secret)).code);

    const disabled = await createToken(server, server.ownerToken, { ttl: 600 });
    const patched = await call(server, 'PATCH', `/v1/tokens/${disabled.id}`, {
      token: server.ownerToken,
      body: { is_active: false },
    });
    expectStatus(patched, 200);
    codes.push((await expectSameAnswer(disabled.secret)).code);

    const expiring = await createToken(server, server.ownerToken, { ttl: 60 });
    expect((await expectSameAnswer(expiring.secret)).code).toBe('valid');
    clock.advance(61_000);
    codes.push((await expectSameAnswer(expiring.secret)).code);

    const later = await createToken(server, server.ownerToken, {
      ttl: 600,
      not_before: new Date(clock.nowMs() + 5000).toISOString(),
    });
    codes.push((await expectSameAnswer(later.secret)).code);
    expect(codes).toEqual([
      'malformed',
      'malformed',
      'not_found',
      'revoked',
      'disabled',
      'expired',
      'not_yet_valid',
    ]);
  });

  it('use limits and rate windows: the same answer but for the count each verification used', async () => {
    const limited = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 3 });
    const uses = (text: string) => text.replace(/"remaining":\d+/, '"remaining":N');
    const first = await expectSameAnswer(limited.secret, uses);
    expect(first).toMatchObject({ code: 'valid', remaining: 2 });
    const last = await sendRaw(server, { body: JSON.stringify({ token: limited.secret }) });
    expect(last.body).toMatchObject({ code: 'valid', remaining: 0 });
    expect((await expectSameAnswer(limited.secret, uses)).code).toBe('usage_exceeded');

    const windowed = await createToken(server, server.ownerToken, {
      ttl: 600,
      rate_limit: { limit: 3, window_seconds: 60 },
    });
    const window = (text: string) => text.replace(/"remaining":\d+/, '"remaining":N');
    expect(await expectSameAnswer(windowed.secret, window)).toMatchObject({
      code: 'valid',
      ratelimit: { limit: 3, remaining: 2 },
    });
    await sendRaw(server, { body: JSON.stringify({ token: windowed.secret }) });
    expect((await expectSameAnswer(windowed.secret, window)).code).toBe('rate_limited');
  });

  it('a canary and a rotated-out secret in its grace answer alike (their events: webhooks/verify-events)', async () => {
    const canary = await createToken(server, server.ownerToken, { ttl: 600, canary: true });
    const reference = await createToken(fastOff, fastOff.ownerToken, { ttl: 600, canary: true });
    const canaryCode = (await expectSameAnswer(canary.secret)).code;
    expect(canaryCode).toBe(
      (await sendRaw(fastOff, { body: JSON.stringify({ token: reference.secret }) })).body?.code,
    );
    const rotating = await createToken(server, server.ownerToken, { ttl: 3600 });
    const rotated = await call(
      server,
      'POST',
      `/v1/tokens/${rotating.id}/rotate?expiry=${clock.nowMs() + 60_000}`,
      {
        token: server.ownerToken,
      },
    );
    expectStatus(rotated, 200);
    expect((await expectSameAnswer(rotating.secret)).code).toBe('valid');
    expect((await expectSameAnswer(rotated.body.secret)).code).toBe('valid');
    clock.advance(60_001);
    expect((await expectSameAnswer(rotating.secret)).code).toBe('revoked');
  });
});

describe('the verify fast path hands anything unusual to Fastify', () => {
  const secret = () => server.ownerToken;

  it('bodies it does not take are parsed and refused by Fastify, in the one problem shape', async () => {
    // The status each gets from a server without the fast path; valid answers name the owner token.
    const cases: { label: string; body: (owner: string) => string; status: number }[] = [
      { label: 'whitespace', body: (owner) => `{ "token": "${owner}" }`, status: 200 },
      {
        label: 'an action',
        body: (owner) => JSON.stringify({ token: owner, action: 'tokens:read' }),
        status: 200,
      },
      { label: 'an unknown field', body: (owner) => JSON.stringify({ token: owner, extra: 1 }), status: 400 },
      { label: 'a duplicate key', body: (owner) => `{"token":"${owner}","token":"${owner}"}`, status: 400 },
      { label: 'no token', body: () => '{}', status: 400 },
      { label: 'an empty token', body: () => '{"token":""}', status: 200 },
      { label: 'a number', body: () => '{"token":42}', status: 400 },
      { label: 'an escape', body: (owner) => `{"token":"\\u0074${owner.slice(1)}"}`, status: 200 },
      { label: 'non-ASCII', body: () => '{"token":"tsr_é"}', status: 200 },
      { label: 'broken JSON', body: () => '{"token":', status: 400 },
      { label: 'an array', body: (owner) => `["${owner}"]`, status: 400 },
    ];
    for (const testCase of cases) {
      const answer = await verifyThrough('handedOver', { body: testCase.body(server.ownerToken) });
      const reference = await sendRaw(fastOff, { body: testCase.body(fastOff.ownerToken) });
      expectStatus(reference, testCase.status, undefined, `${testCase.label}, without the fast path`);
      expectStatus(answer, testCase.status, problemCode(reference), testCase.label);
      if (answer.status === 200)
        expect(answer.body).toMatchObject({ code: (reference.body as { code: string }).code });
    }
  });

  it('content types, sizes, encodings and queries it does not take never reach its parser', async () => {
    const body = JSON.stringify({ token: secret() });
    const cases: { label: string; body: string; type?: string; headers?: Record<string, string> }[] = [
      { label: 'text/plain', body, type: 'text/plain' },
      { label: 'another charset', body, type: 'application/json; charset=latin1' },
      { label: 'a secret too long', body: JSON.stringify({ token: 'a'.repeat(2000) }) },
      { label: 'a body too large', body: JSON.stringify({ token: 'a'.repeat(70_000) }) },
      { label: 'gzip', body, headers: { 'content-encoding': 'gzip' } },
    ];
    const statuses: number[] = [];
    for (const testCase of cases) {
      const answer = await verifyThrough('handedOver', testCase);
      const reference = await sendRaw(fastOff, testCase);
      expectStatus(answer, reference.status, problemCode(reference), testCase.label);
      statuses.push(answer.status);
    }
    // Fastify reads a body with a content-encoding as it comes (a gzip body would not parse).
    expect(statuses).toEqual([415, 200, 400, 413, 200]);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    expectStatus(await verifyThrough('handedOver', { body: chunked }), 200);
    // Another URL is not this path's at all (not even counted): Fastify routes or refuses it.
    for (const path of ['/v1/verify?debug=1', '/v1/verify/', '/v1//verify']) {
      const answer = await verifyThrough('untouched', { body, path });
      const reference = await sendRaw(fastOff, { body: JSON.stringify({ token: fastOff.ownerToken }), path });
      expectStatus(answer, reference.status, problemCode(reference), path);
    }
  });

  it('a storage failure during a fast verification is the one 503 problem, verified once', async () => {
    const unknown = formatSecret('api', 0, new Uint8Array(32).fill(11));
    reads.failing = true;
    try {
      const before = reads.failures;
      const fast = await verifyThrough('handedOver', { body: JSON.stringify({ token: unknown }) });
      expectStatus(fast, 503, 'service_unavailable');
      expect(fast.headers.get('retry-after')).toBe('1');
      expect(reads.failures - before).toBe(1);
      const routed = await verifyThrough('handedOver', {
        body: JSON.stringify({ token: unknown }),
        type: 'application/json;charset=utf-8',
      });
      expectStatus(routed, 503, 'service_unavailable');
      expect(stableHeaders(fast)).toEqual(stableHeaders(routed));
      expect(fast.text.replace(/"request_id":"[^"]+"/, '')).toBe(
        routed.text.replace(/"request_id":"[^"]+"/, ''),
      );
    } finally {
      reads.failing = false;
    }
    expect((await expectSameAnswer(unknown)).code).toBe('not_found');
  });

  it('both paths are counted in /metrics alike', async () => {
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    const text = await metrics.text();
    const served = server.running.app.verifyFastPath.counts.served;
    const valid = /tessera_verifications_total\{[^}]*code="valid"[^}]*\} (\d+)/.exec(text);
    expect(metrics.status, text.slice(0, 300)).toBe(200);
    expect(Number(valid?.[1] ?? 0)).toBeGreaterThan(0);
    expect(served).toBeGreaterThan(0);
  });

  it('a server built without it serves every verification through Fastify', async () => {
    const answer = await sendRaw(fastOff, { body: JSON.stringify({ token: fastOff.ownerToken }) });
    expect(answer.body).toMatchObject({ code: 'valid' });
    expect(fastOff.running.app.verifyFastPath.counts).toEqual({ served: 0, handedOver: 0 });
  });
});

afterAll(() => {
  console.info(
    `verify fast path branches reached: served ${reached.served}, handed over ${reached.handedOver}, not its URL ${reached.untouched}`,
  );
  expect(reached.served).toBeGreaterThanOrEqual(25);
  expect(reached.handedOver).toBeGreaterThanOrEqual(25);
  expect(reached.untouched).toBeGreaterThanOrEqual(2);
});
