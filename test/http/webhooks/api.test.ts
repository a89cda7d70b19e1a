// The webhook endpoints API: bad input is a 400 problem that changes nothing, reader and writer are
// refused (403), another tenant's endpoint is a 404, the signing secret is shown once (no-store) and
// rotation keeps the old one signing beside the new during its grace; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  addTenant,
  call,
  createToken,
  startTestServer,
  type TestServer,
} from '../../helpers/server.js';
import { type ReceivedDelivery, verifiesWith, WebhookReceiver } from '../../helpers/webhook-receiver.js';

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  server = await startTestServer({
    env: { TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true', TESSERA_WEBHOOK_POLL_MS: '50' },
  });
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

const create = (body: unknown, token = server.ownerToken) =>
  call(server, 'POST', '/v1/webhooks', { token, body });
const count = async () =>
  (await call(server, 'GET', '/v1/webhooks', { token: server.ownerToken })).body.pagination
    .total_items as number;

describe('POST /v1/webhooks', () => {
  it('answers 201 {webhook, secret} with a whsec_ secret of 32 bytes, no-store, and lists it', async () => {
    const answer = await create({ url: `${receiver.url}/a`, events: ['token.created', 'member.removed'] });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(answer.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(Object.keys(answer.body.webhook).sort()).toEqual(
      [
        'id',
        'tenant_id',
        'url',
        'description',
        'events',
        'is_active',
        'disabled_reason',
        'previous_secret_expires_at',
        'created_at',
        'updated_at',
      ].sort(),
    );
    expect(answer.body.webhook).toMatchObject({
      events: ['token.created', 'member.removed'],
      is_active: true,
    });
    const read = await call(server, 'GET', `/v1/webhooks/${answer.body.webhook.id}`, {
      token: server.ownerToken,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(answer.body.webhook);
    expect(read.text).not.toContain('whsec_');
    const list = await call(server, 'GET', '/v1/webhooks?limit=1', { token: server.ownerToken });
    expect(Object.keys(list.body.pagination).sort()).toEqual(
      ['limit', 'next_cursor', 'offset', 'page', 'per_page', 'total_items', 'total_pages'].sort(),
    );
    expect(list.body.data[0].id).toBe(answer.body.webhook.id);
    const audit = await call(server, 'GET', '/v1/audit-events', { token: server.ownerToken });
    const event = audit.body.data.find((entry: { action: string }) => entry.action === 'webhook.create');
    expect(event).toMatchObject({ target_id: answer.body.webhook.id });
    expect(JSON.stringify(audit.body)).not.toContain('whsec_');
  });

  it.each([
    ['no url', { events: ['*'] }],
    ['no events', { url: 'https://example.com/h' }],
    ['empty events', { url: 'https://example.com/h', events: [] }],
    ['an unknown event', { url: 'https://example.com/h', events: ['token.exploded'] }],
    ['an event twice', { url: 'https://example.com/h', events: ['token.created', 'token.created'] }],
    ['* with others', { url: 'https://example.com/h', events: ['*', 'token.created'] }],
    ['an ftp url', { url: 'ftp://example.com/h', events: ['*'] }],
    ['a relative url', { url: '/hook', events: ['*'] }],
    ['credentials in the url', { url: 'https://user:pass@example.com/h', events: ['*'] }],
    ['a url of 3000 characters', { url: `https://example.com/${'a'.repeat(3000)}`, events: ['*'] }],
    ['an unknown field', { url: 'https://example.com/h', events: ['*'], secret: 'mine' }],
    [
      'a description of 2000 characters',
      { url: 'https://example.com/h', events: ['*'], description: 'd'.repeat(2000) },
    ],
    ['an array body', [{ url: 'https://example.com/h', events: ['*'] }]],
  ])('refuses %s with a 400 problem and creates nothing', async (_name, body) => {
    const before = await count();
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400 });
    expect(typeof answer.body.code).toBe('string');
    expect(await count()).toBe(before);
  });
});

describe('PATCH, DELETE, rotate-secret, test', () => {
  it('PATCH changes the given fields; bad input is a 400 that changes nothing', async () => {
    const { webhook } = (await create({ url: `${receiver.url}/p`, events: ['*'] })).body;
    const changed = await call(server, 'PATCH', `/v1/webhooks/${webhook.id}`, {
      token: server.ownerToken,
      body: { description: 'now described', events: ['token.revoked'] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      description: 'now described',
      events: ['token.revoked'],
      url: webhook.url,
    });
    for (const body of [
      {},
      { url: 'gopher://x' },
      { events: ['nope'] },
      { is_active: 'yes' },
      { id: 'whk_x' },
    ]) {
      const refused = await call(server, 'PATCH', `/v1/webhooks/${webhook.id}`, {
        token: server.ownerToken,
        body,
      });
      expect(refused.status).toBe(400);
    }
    const after = await call(server, 'GET', `/v1/webhooks/${webhook.id}`, { token: server.ownerToken });
    expect(after.body).toEqual(changed.body);
    expect(
      (await call(server, 'DELETE', `/v1/webhooks/${webhook.id}`, { token: server.ownerToken })).status,
    ).toBe(204);
    expect(
      (await call(server, 'GET', `/v1/webhooks/${webhook.id}`, { token: server.ownerToken })).status,
    ).toBe(404);
    expect(
      (await call(server, 'DELETE', `/v1/webhooks/${webhook.id}`, { token: server.ownerToken })).status,
    ).toBe(404);
  });

  it('rotate-secret: the new secret is shown once; both sign during the grace; with grace 0 only the new', async () => {
    const first = (await create({ url: `${receiver.url}/r`, events: ['token.created'] })).body;
    const rotated = await call(server, 'POST', `/v1/webhooks/${first.webhook.id}/rotate-secret`, {
      token: server.ownerToken,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body.secret).not.toBe(first.secret);
    expect(Date.parse(rotated.body.webhook.previous_secret_expires_at) - Date.now()).toBeGreaterThan(
      86_000_000,
    );
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    // Other endpoints of this file hear token.created on the same receiver: this one's path is /r.
    const atR = (id: string) => (d: ReceivedDelivery) => d.path === '/r' && d.body.data.id === id;
    await receiver.waitFor((received) => received.some(atR(token.id)));
    const delivery = receiver.received.find(atR(token.id))!;
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiesWith(first.secret, delivery)).toBe(true);
    expect(verifiesWith(rotated.body.secret, delivery)).toBe(true);

    const again = await call(server, 'POST', `/v1/webhooks/${first.webhook.id}/rotate-secret`, {
      token: server.ownerToken,
      body: { grace_seconds: 0 },
    });
    expect(again.body.webhook.previous_secret_expires_at).toBeNull();
    const next = await createToken(server, server.ownerToken, { ttl: 600 });
    await receiver.waitFor((received) => received.some(atR(next.id)));
    const single = receiver.received.find(atR(next.id))!;
    expect(String(single.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesWith(again.body.secret, single)).toBe(true);
    expect(verifiesWith(rotated.body.secret, single)).toBe(false);
    for (const body of [{ grace_seconds: -1 }, { grace_seconds: 10 ** 9 }, { grace: 5 }]) {
      const refused = await call(server, 'POST', `/v1/webhooks/${first.webhook.id}/rotate-secret`, {
        token: server.ownerToken,
        body,
      });
      expect(refused.status).toBe(400);
    }
    await call(server, 'DELETE', `/v1/webhooks/${first.webhook.id}`, { token: server.ownerToken });
  });

  it('test sends a signed webhook.ping to that endpoint alone, logged as a delivery', async () => {
    const target = (await create({ url: `${receiver.url}/ping`, events: ['member.removed'] })).body;
    const ping = await call(server, 'POST', `/v1/webhooks/${target.webhook.id}/test`, {
      token: server.ownerToken,
    });
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ event_type: 'webhook.ping', status: 'pending', attempts: [] });
    await receiver.waitFor((received) =>
      received.some((d) => d.headers['webhook-id'] === ping.body.event_id),
    );
    const delivered = receiver.received.filter((d) => d.headers['webhook-id'] === ping.body.event_id);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.body.data.webhook.id).toBe(target.webhook.id);
    expect(verifiesWith(target.secret, delivered[0]!)).toBe(true);
    await call(server, 'DELETE', `/v1/webhooks/${target.webhook.id}`, { token: server.ownerToken });
  });
});

describe('who may', () => {
  it('refuses reader and writer with 403 on every webhook route, allows admin', async () => {
    const target = (await create({ url: `${receiver.url}/who`, events: ['*'] })).body.webhook.id;
    for (const role of ['reader', 'writer'] as const) {
      const { secret } = await addMember(server, server.ownerToken, role);
      const before = await count();
      for (const [method, path, body] of [
        ['GET', '/v1/webhooks', undefined],
        ['POST', '/v1/webhooks', { url: `${receiver.url}/x`, events: ['*'] }],
        ['GET', `/v1/webhooks/${target}`, undefined],
        ['PATCH', `/v1/webhooks/${target}`, { description: 'mine now' }],
        ['DELETE', `/v1/webhooks/${target}`, undefined],
        ['POST', `/v1/webhooks/${target}/rotate-secret`, undefined],
        ['POST', `/v1/webhooks/${target}/test`, undefined],
        ['GET', `/v1/webhooks/${target}/deliveries`, undefined],
      ] as const) {
        const answer = await call(server, method, path, { token: secret, body });
        expect(answer.status, `${role} ${method} ${path}`).toBe(403);
        expect(answer.body.code).toBe('forbidden');
      }
      expect(await count()).toBe(before);
    }
    const admin = await addMember(server, server.ownerToken, 'admin');
    expect((await call(server, 'GET', `/v1/webhooks/${target}`, { token: admin.secret })).status).toBe(200);
    expect((await create({ url: `${receiver.url}/admin`, events: ['*'] }, admin.secret)).status).toBe(201);
  });

  it("another tenant's endpoint is a 404 on every route, and its events never reach this tenant's endpoints", async () => {
    const mine = (await create({ url: `${receiver.url}/mine`, events: ['*'] })).body.webhook.id;
    const other = await addTenant(server, server.ownerToken, 'isolated');
    for (const [method, path, body] of [
      ['GET', `/v1/webhooks/${mine}`, undefined],
      ['PATCH', `/v1/webhooks/${mine}`, { description: 'theirs' }],
      ['DELETE', `/v1/webhooks/${mine}`, undefined],
      ['POST', `/v1/webhooks/${mine}/rotate-secret`, undefined],
      ['POST', `/v1/webhooks/${mine}/test`, undefined],
      ['GET', `/v1/webhooks/${mine}/deliveries`, undefined],
      ['POST', `/v1/webhooks/${mine}/deliveries/dlv_x/retry`, undefined],
    ] as const) {
      expect(
        (await call(server, method, path, { token: other.ownerSecret, body })).status,
        `${method} ${path}`,
      ).toBe(404);
    }
    const theirs = await call(server, 'GET', '/v1/webhooks', { token: other.ownerSecret });
    expect(theirs.body.data).toEqual([]);
    const foreign = await createToken(server, other.ownerSecret, { ttl: 600 });
    const marker = await createToken(server, server.ownerToken, { ttl: 600 });
    await receiver.waitFor((received) => received.some((d) => d.body.data.id === marker.id));
    expect(receiver.received.some((d) => d.body.data.id === foreign.id)).toBe(false);
  });
});
