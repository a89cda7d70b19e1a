// SSRF: Tessera connects only to addresses it checked after resolving the name, and to the checked
// address itself. Link-local and metadata targets are refused always; loopback and private ones
// unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true. A refused literal is a 400 at creation; a name is judged
// when it is resolved for a delivery, and a refused one is never contacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../../../src/services/webhooks/address-guard.js';
import { call, createToken, startTestServer, type TestServer } from '../../helpers/server.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** A resolver the test controls: names of its own, each answering chosen addresses. */
const NAMES: Record<string, readonly ResolvedAddress[]> = {
  'private.hooks.test': [{ address: '10.1.2.3', family: 4 }],
  'mixed.hooks.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'mapped.hooks.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'metadata.hooks.test': [{ address: '169.254.169.254', family: 4 }],
  'loopback.hooks.test': [{ address: '127.0.0.1', family: 4 }],
};
const lookups: string[] = [];
const resolve = async (hostname: string) => {
  lookups.push(hostname);
  const found = NAMES[hostname];
  if (found === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found;
};

let strict: TestServer;
let permissive: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  [strict, permissive] = await Promise.all([
    startTestServer({ resolve, env: { TESSERA_WEBHOOK_POLL_MS: '50' } }),
    startTestServer({
      resolve,
      env: { TESSERA_WEBHOOK_POLL_MS: '50', TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true' },
    }),
  ]);
});
afterAll(async () => {
  await strict?.close();
  await permissive?.close();
  await receiver?.close();
});

const port = () => new URL(receiver.url).port;

async function webhookCount(server: TestServer): Promise<number> {
  return (await call(server, 'GET', '/v1/webhooks', { token: server.ownerToken })).body.pagination
    .total_items;
}

async function deliveriesOf(server: TestServer, webhookId: string) {
  return (await call(server, 'GET', `/v1/webhooks/${webhookId}/deliveries`, { token: server.ownerToken }))
    .body.data as { status: string; attempts: { status: number | null; error: string | null }[] }[];
}

async function firstAttempt(server: TestServer, webhookId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [delivery] = await deliveriesOf(server, webhookId);
    if (delivery !== undefined && delivery.attempts.length > 0) return delivery.attempts[0]!;
    if (Date.now() > deadline) throw new Error('no attempt was made');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook targets, TESSERA_WEBHOOK_ALLOW_PRIVATE off', () => {
  it.each([
    ['loopback', 'http://127.0.0.1/hook'],
    ['loopback, another spelling', 'http://127.1.2.3:8080/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['private 10/8', 'http://10.0.0.1/hook'],
    ['private 172.16/12', 'https://172.20.1.1/hook'],
    ['private 192.168/16', 'http://192.168.1.10/hook'],
    ['shared 100.64/10', 'http://100.64.0.1/hook'],
    ['this network 0/8', 'http://0.0.0.0/hook'],
    ['unique local fc00::/7', 'http://[fd12:3456::1]/hook'],
    ['link-local', 'http://169.254.10.10/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv6 link-local', 'http://[fe80::1]/hook'],
    ['an integer spelling of loopback', 'http://2130706433/hook'],
  ])('refuses %s at creation (400), creating nothing', async (_name, url) => {
    const before = await webhookCount(strict);
    const answer = await call(strict, 'POST', '/v1/webhooks', {
      token: strict.ownerToken,
      body: { url, events: ['*'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe('invalid_request');
    expect(await webhookCount(strict)).toBe(before);
  });

  it.each([
    ['localhost (the system resolver says loopback)', () => `http://localhost:${port()}/hook`],
    ['a name resolving to a private address', () => `http://private.hooks.test:${port()}/hook`],
    ['a name with one public and one loopback address', () => `http://mixed.hooks.test:${port()}/hook`],
    ['a name resolving to IPv4-mapped loopback', () => `http://mapped.hooks.test:${port()}/hook`],
    ['a name resolving to the metadata address', () => `http://metadata.hooks.test:${port()}/hook`],
  ])('never contacts %s: the attempt is refused after resolving', async (_name, url) => {
    const created = await call(strict, 'POST', '/v1/webhooks', {
      token: strict.ownerToken,
      body: { url: url(), events: ['*'] },
    });
    expect(created.status).toBe(201);
    const ping = await call(strict, 'POST', `/v1/webhooks/${created.body.webhook.id}/test`, {
      token: strict.ownerToken,
    });
    expect(ping.status).toBe(202);
    const attempt = await firstAttempt(strict, created.body.webhook.id);
    expect(attempt.status).toBeNull();
    expect(attempt.error).toMatch(/^refused: /);
    // Remove it, so later tests' events do not keep trying it.
    await call(strict, 'DELETE', `/v1/webhooks/${created.body.webhook.id}`, { token: strict.ownerToken });
    expect(receiver.received).toHaveLength(0);
  });
});

describe('webhook targets, TESSERA_WEBHOOK_ALLOW_PRIVATE=true', () => {
  it.each([
    ['link-local', 'http://169.254.10.10/hook'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv6 link-local', 'http://[fe80::1]/hook'],
  ])('still refuses %s', async (_name, url) => {
    const answer = await call(permissive, 'POST', '/v1/webhooks', {
      token: permissive.ownerToken,
      body: { url, events: ['*'] },
    });
    expect(answer.status).toBe(400);
  });

  it('still never contacts a name resolving to the metadata address', async () => {
    const created = await call(permissive, 'POST', '/v1/webhooks', {
      token: permissive.ownerToken,
      body: { url: `http://metadata.hooks.test:${port()}/`, events: ['*'] },
    });
    const id = created.body.webhook.id;
    await call(permissive, 'POST', `/v1/webhooks/${id}/test`, { token: permissive.ownerToken });
    expect((await firstAttempt(permissive, id)).error).toMatch(/link-local/);
    await call(permissive, 'DELETE', `/v1/webhooks/${id}`, { token: permissive.ownerToken });
  });

  it('connects to the address it checked: a name only the injected resolver knows is delivered to', async () => {
    const created = await call(permissive, 'POST', '/v1/webhooks', {
      token: permissive.ownerToken,
      body: { url: `http://loopback.hooks.test:${port()}/hook`, events: ['token.created'] },
    });
    expect(created.status).toBe(201);
    lookups.length = 0;
    await createToken(permissive, permissive.ownerToken, { ttl: 600 });
    await receiver.waitFor((received) => received.length === 1);
    // One resolution, the vetted one: the connection used its answer (the system resolver does not
    // know this name, so a second lookup would have failed), with the URL's host in the Host header.
    expect(lookups).toEqual(['loopback.hooks.test']);
    expect(receiver.received[0]!.headers.host).toBe(`loopback.hooks.test:${port()}`);
  });
});
