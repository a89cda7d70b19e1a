// Leak reports (SPEC "Leaks and migration"): anyone holding a leaked secret kills it with one call, and
// learns nothing from the answer or its timing; a canary's report is its alarm; the bounds hold.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { LEAK_ANSWER_FLOOR_MS } from '../../src/http/routes/leaks.js';
import { call, createToken, startTestServer, type TestServer } from '../helpers/server.js';
import {
  type ServerWithWebhook,
  startServerWithWebhook,
  stopServerWithWebhook,
} from '../helpers/webhook-server.js';

let setup: ServerWithWebhook;
let server: TestServer;

beforeAll(async () => {
  setup = await startServerWithWebhook(['token.leaked', 'token.canary_triggered', 'token.revoked'], '/hook', {
    TESSERA_IMPORT_PREFIXES: 'sk_live_',
    TESSERA_LEAK_REPORTS_PER_MINUTE: '1000',
  });
  server = setup.server;
});
afterAll(() => stopServerWithWebhook(setup));

const report = (body: unknown, headers: Record<string, string> = {}) =>
  call(server, 'POST', '/v1/leaks', { body, headers });
const verdict = async (secret: string) =>
  (await call(server, 'POST', '/v1/verify', { body: { token: secret } })).body;
const unknownSecret = () => formatSecret('api', 0, randomBytes(32));

/** The answer with what differs per request (its id, its date) taken out. */
function comparable(answer: Awaited<ReturnType<typeof report>>) {
  const headers = Object.fromEntries(
    [...answer.headers].filter(([name]) => !['x-request-id', 'date'].includes(name)),
  );
  return { status: answer.status, headers, text: answer.text };
}

describe('POST /v1/leaks', () => {
  it('revokes a reported secret at once, as leaked: audited with the source and announced as token.leaked', async () => {
    const leaked = await createToken(server, server.ownerToken, { name: 'pasted-in-a-gist' });
    expect((await verdict(leaked.secret)).valid).toBe(true);
    const answer = await report({
      secrets: [leaked.secret],
      source: 'https://gist.example/abc',
      reporter: 'a kind stranger',
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ received: 1 });
    expect(await verdict(leaked.secret)).toMatchObject({ valid: false, code: 'revoked' });
    const read = await call(server, 'GET', `/v1/tokens/${leaked.id}`, { token: server.ownerToken });
    expect(read.body).toMatchObject({ revoked_reason: 'leaked' });
    expect(read.body.revoked_at).not.toBeNull();

    const audit = await call(server, 'GET', '/v1/audit-events?limit=10', { token: server.ownerToken });
    const entry = audit.body.data.find((event: { target_id: string }) => event.target_id === leaked.id);
    expect(entry).toMatchObject({
      action: 'token.revoke',
      actor_token_id: null,
      details: {
        reason: 'leaked',
        actor: 'leak-report',
        source: 'https://gist.example/abc',
        reporter: 'a kind stranger',
      },
    });
    expect(JSON.stringify(audit.body)).not.toContain(leaked.secret);

    await setup.receiver.waitFor(() =>
      setup.receiver.ofType('token.leaked').some((delivery) => delivery.body.data.id === leaked.id),
    );
    const event = setup.receiver
      .ofType('token.leaked')
      .find((delivery) => delivery.body.data.id === leaked.id)!;
    expect(event.body.data).toMatchObject({ revoked_reason: 'leaked', source: 'https://gist.example/abc' });
    expect(event.rawBody).not.toContain(leaked.secret);
    // A leak is announced as token.leaked, not as an ordinary revoke.
    expect(
      setup.receiver.ofType('token.revoked').some((delivery) => delivery.body.data.id === leaked.id),
    ).toBe(false);
  });

  it('a plain revoke says revoked_reason: revoked', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'plain' });
    expect(
      (await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken })).status,
    ).toBe(204);
    const read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expect(read.body.revoked_reason).toBe('revoked');
    const live = await createToken(server, server.ownerToken, { name: 'live' });
    expect(
      (await call(server, 'GET', `/v1/tokens/${live.id}`, { token: server.ownerToken })).body.revoked_reason,
    ).toBeNull();
  });

  it('answers the same 202 for real, unknown, malformed, revoked and canary secrets, in the same time class', async () => {
    const real = await createToken(server, server.ownerToken, { name: 'real' });
    const revoked = await createToken(server, server.ownerToken, { name: 'already' });
    await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken });
    const canary = await createToken(server, server.ownerToken, { name: 'decoy', canary: true });
    const imported = `sk_live_${randomBytes(24).toString('base64url')}`;
    const importAnswer = await call(server, 'POST', '/v1/tokens/import', {
      token: server.ownerToken,
      body: { tokens: [{ name: 'imported', secret: imported }] },
    });
    expect(importAnswer.body.imported, importAnswer.text).toBe(1);
    const classes: Record<string, string> = {
      real: real.secret,
      unknown: unknownSecret(),
      malformed: 'not a secret at all',
      revoked: revoked.secret,
      canary: canary.secret,
      imported,
    };
    const answers: Record<string, ReturnType<typeof comparable>> = {};
    const durations: Record<string, number> = {};
    for (const [name, secret] of Object.entries(classes)) {
      const startedAt = performance.now();
      answers[name] = comparable(await report({ secrets: [secret] }));
      durations[name] = performance.now() - startedAt;
    }
    console.log(
      `leak report durations by class (ms): ${Object.entries(durations)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
        .join(', ')}`,
    );
    for (const name of Object.keys(classes)) expect(answers[name], name).toEqual(answers.unknown);
    const times = Object.values(durations);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(LEAK_ANSWER_FLOOR_MS);
    // The floor hides the work: every class is answered within one band above it.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(100);

    expect((await verdict(real.secret)).code).toBe('revoked');
    expect((await verdict(imported)).code).toBe('revoked');
    // The canary stays (it keeps catching), and its owner hears of the report.
    const decoy = await call(server, 'GET', `/v1/tokens/${canary.id}`, { token: server.ownerToken });
    expect(decoy.body.revoked_at).toBeNull();
    await setup.receiver.waitFor(() =>
      setup.receiver.ofType('token.canary_triggered').some((delivery) => delivery.body.data.id === canary.id),
    );
    const alarm = setup.receiver.ofType('token.canary_triggered').find((d) => d.body.data.id === canary.id)!;
    expect(alarm.body.data.door).toBe('leak-report');
  });

  it('refuses more than 100 secrets with a 400 that revokes nothing', async () => {
    const real = await createToken(server, server.ownerToken, { name: 'in-a-big-report' });
    const secrets = [real.secret, ...Array.from({ length: 100 }, unknownSecret)];
    const answer = await report({ secrets });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await verdict(real.secret)).valid).toBe(true);
    // Exactly 100 is allowed.
    expect((await report({ secrets: secrets.slice(0, 100) })).status).toBe(202);
    expect((await verdict(real.secret)).code).toBe('revoked');
  });

  it('refuses bad bodies with a 400 problem: no secrets, an unknown field, a secret too long', async () => {
    for (const body of [
      {},
      { secrets: [] },
      { secrets: ['x'], colour: 'red' },
      { secrets: ['x'.repeat(1025)] },
      { secrets: 'one' },
      { secrets: ['x'], source: '' },
    ]) {
      const answer = await report(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBeDefined();
    }
  });

  it('does not kill a token with a rotated-out secret past its grace', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'rotated' });
    const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken });
    expect(rotated.status).toBe(200);
    expect((await report({ secrets: [token.secret] })).status).toBe(202);
    expect((await verdict(rotated.body.secret)).valid).toBe(true);
  });
});

describe('the leak report rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ env: { TESSERA_LEAK_REPORTS_PER_MINUTE: '3' } });
  });
  afterAll(() => limited.close());

  it('holds per client address: over it, a 429 with Retry-After, and nothing is revoked', async () => {
    const token = await createToken(limited, limited.ownerToken, { name: 'late' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push(
        (await call(limited, 'POST', '/v1/leaks', { body: { secrets: [unknownSecret()] } })).status,
      );
    const over = await call(limited, 'POST', '/v1/leaks', { body: { secrets: [token.secret] } });
    expect(statuses).toEqual([202, 202, 202]);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-limit')).toBe('3');
    expect(over.body.detail).toMatch(/leak reports a minute/);
    expect((await call(limited, 'POST', '/v1/verify', { body: { token: token.secret } })).body.valid).toBe(
      true,
    );
    // Malformed bodies count too: the limit is met before the body is read.
    expect(
      (
        await call(limited, 'POST', '/v1/leaks', {
          rawBody: '{',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(429);
  });
});
