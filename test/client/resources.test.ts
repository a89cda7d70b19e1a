// @tessera/client against a real Tessera over HTTP (SQLite and PostgreSQL): every method, paging both
// ways, ETag conflicts, rotation with grace, verify refusals, and errors carrying the request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page, Tessera } from '../../packages/client/src/index.js';
import { rejectionOf } from '../helpers/sdk.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startServerWithWebhook, stopServerWithWebhook } from '../helpers/webhook-server.js';

let server: TestServer;
let tessera: Tessera;

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_IMPORT_PREFIXES: 'legacy_' } });
  tessera = new Tessera({ baseUrl: server.url, token: server.ownerToken, maxRetries: 0 });
});
afterAll(() => server.close());

describe('tokens', () => {
  it('create resolves to the token and its secret; get, self, lookup read it back without the secret', async () => {
    const { secret, ...token } = await tessera.tokens.create({
      name: 'sdk-ci',
      scopes: ['deploy:write'],
      ttl: 3600,
    });
    expect(secret).toMatch(/^tsr_a[0-9]_[0-9A-Za-z]{49}$/);
    expect(token.name).toBe('sdk-ci');
    expect(token.lifetime).toBe('temporary');

    const read = await tessera.tokens.get(token.id);
    expect(read.id).toBe(token.id);
    expect(read).not.toHaveProperty('secret');

    const asItself = new Tessera({ baseUrl: server.url, token: secret });
    expect((await asItself.tokens.self()).id).toBe(token.id);
    expect((await tessera.tokens.lookup(secret)).id).toBe(token.id);
  });

  it('withResponse gives the ETag and request id; update and patch honour If-Match, a stale one is a 412', async () => {
    const created = await tessera.tokens.create({ name: 'sdk-etag', ttl: 600 });
    const { data, etag, requestId, response } = await tessera.tokens.get(created.id).withResponse();
    expect(data.id).toBe(created.id);
    expect(etag).toBeTruthy();
    expect(requestId).toMatch(/^req_/);
    expect(response.status).toBe(200);

    const renamed = await tessera.tokens.update(created.id, { name: 'sdk-etag-2' }, { ifMatch: etag! });
    expect(renamed.name).toBe('sdk-etag-2');
    const stale = await rejectionOf(
      tessera.tokens.patch(created.id, [{ op: 'replace', path: '/name', value: 'never' }], {
        ifMatch: etag!,
      }),
    );
    expect(stale.status).toBe(412);
    expect(stale.code).toBe('precondition_failed');
    expect(stale.requestId).toMatch(/^req_/);
    const patched = await tessera.tokens.patch(created.id, [
      { op: 'replace', path: '/description', value: 'via JSON Patch' },
    ]);
    expect(patched.description).toBe('via JSON Patch');
    expect((await tessera.tokens.get(created.id)).name).toBe('sdk-etag-2');
  });

  it('rotate with expiry keeps the old secret working until then; without it the old one stops now', async () => {
    const { secret: first, ...token } = await tessera.tokens.create({ name: 'sdk-rotate', ttl: 3600 });
    const graced = await tessera.tokens.rotate(token.id, { expiry: Date.now() + 600_000 });
    expect(graced.secret).not.toBe(first);
    expect((await tessera.verify(first)).code).toBe('valid');
    expect((await tessera.verify(graced.secret)).code).toBe('valid');

    const third = await tessera.tokens.rotate(token.id);
    expect((await tessera.verify(graced.secret)).code).toBe('revoked');
    expect((await tessera.verify(third.secret)).code).toBe('valid');
    expect(third.id).toBe(token.id);
  });

  it('revoke, revokeSelf and revokeMany revoke; a revoked token is refused afterwards', async () => {
    const one = await tessera.tokens.create({ name: 'sdk-revoke', ttl: 600 });
    await expect(tessera.tokens.revoke(one.id)).resolves.toBeUndefined();
    expect((await tessera.verify(one.secret)).code).toBe('revoked');

    const selfish = await tessera.tokens.create({ name: 'sdk-revoke-self', ttl: 600 });
    await new Tessera({ baseUrl: server.url, token: selfish.secret }).tokens.revokeSelf();
    expect((await tessera.verify(selfish.secret)).code).toBe('revoked');

    const member = await tessera.members.create({ email: 'bulk@example.com', role: 'writer' });
    const asMember = new Tessera({ baseUrl: server.url, token: member.token.secret });
    const temporary = await Promise.all(
      [1, 2, 3].map((n) => asMember.tokens.create({ name: `bulk-${n}`, ttl: 600 })),
    );
    const { revoked } = await asMember.tokens.revokeMany({ permanent: false });
    expect(revoked).toBe(3);
    for (const token of temporary) expect((await tessera.verify(token.secret)).code).toBe('revoked');
    // The calling token was spared.
    expect((await asMember.tokens.self()).revoked_at).toBeNull();
  });

  it('verify resolves to the answer for every refusal code it can reach, and never throws for one', async () => {
    const scoped = await tessera.tokens.create({ name: 'sdk-verify', scopes: ['orders:read'], ttl: 600 });
    const allowed = await tessera.verify(scoped.secret, { action: 'orders:read', resource: 'orders/1' });
    expect(allowed).toMatchObject({ valid: true, code: 'valid' });
    expect(allowed.token?.id).toBe(scoped.id);
    expect((await tessera.verify(scoped.secret, { action: 'orders:write' })).code).toBe('forbidden');
    expect((await tessera.verify('not a token')).code).toBe('malformed');
    expect((await tessera.verify(`tsr_a1_${'0'.repeat(49)}`)).code).toBe('malformed');

    const unknown = await tessera.tokens.create({ name: 'sdk-unknown', ttl: 600 });
    await tessera.tokens.revoke(unknown.id);
    expect((await tessera.verify(unknown.secret)).code).toBe('revoked');

    const disabled = await tessera.tokens.create({ name: 'sdk-disabled', ttl: 600 });
    await tessera.tokens.update(disabled.id, { is_active: false });
    expect((await tessera.verify(disabled.secret)).code).toBe('disabled');

    const later = await tessera.tokens.create({
      name: 'sdk-later',
      not_before: new Date(Date.now() + 3_600_000).toISOString(),
      ttl: 7200,
    });
    expect((await tessera.verify(later.secret)).code).toBe('not_yet_valid');

    const once = await tessera.tokens.create({ name: 'sdk-once', max_uses: 1, ttl: 600 });
    expect((await tessera.verify(once.secret)).code).toBe('valid');
    expect((await tessera.verify(once.secret)).code).toBe('usage_exceeded');

    const limited = await tessera.tokens.create({
      name: 'sdk-limited',
      rate_limit: { limit: 1, window_seconds: 60 },
      ttl: 600,
    });
    expect((await tessera.verify(limited.secret)).code).toBe('valid');
    const throttled = await tessera.verify(limited.secret);
    expect(throttled.code).toBe('rate_limited');
    expect(throttled.ratelimit?.remaining).toBe(0);

    const cidr = await tessera.tokens.create({ name: 'sdk-cidr', allowed_cidrs: ['10.0.0.0/8'], ttl: 600 });
    expect((await tessera.verify(cidr.secret, { ip: '10.1.2.3' })).code).toBe('valid');
    expect((await tessera.verify(cidr.secret, { ip: '192.0.2.1' })).code).toBe('forbidden');
  });

  it('a refused call throws one TesseraError with status, code, title, detail and request id', async () => {
    const missing = await rejectionOf(tessera.tokens.get('tok_0000000000000000000000'));
    expect(missing).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
    expect(missing.requestId).toMatch(/^req_/);
    expect(missing.problem?.request_id).toBe(missing.requestId);

    const unknownField = await rejectionOf(tessera.tokens.create({ name: 'x', colour: 'red' } as never));
    expect(unknownField).toMatchObject({ status: 400, code: 'unknown_field' });

    const anonymous = new Tessera({ baseUrl: server.url, token: `tsr_a1_${'0'.repeat(49)}`, maxRetries: 0 });
    const refused = await rejectionOf(anonymous.tokens.list());
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('imports and leaks', () => {
  it('tokens.import keeps an existing secret; leaks.report, with no token at all, revokes it', async () => {
    const legacy = `legacy_${globalThis.crypto.randomUUID()}`;
    const answer = await tessera.tokens.import([
      { name: 'from-the-old-table', secret: legacy, role: 'reader' },
      { name: 'too-weak', secret: 'legacy_aaaaaaaaaaaaaaaa' },
    ]);
    expect(answer).toMatchObject({ imported: 1, failed: 1 });
    expect(answer.data[0]!.token).toMatchObject({ name: 'from-the-old-table', imported: true });
    expect(answer.data[1]).toMatchObject({ status: 400, token: null, problem: { code: 'invalid_request' } });
    expect((await tessera.verify(legacy)).valid).toBe(true);

    const anonymous = new Tessera({ baseUrl: server.url, maxRetries: 0 });
    expect(await anonymous.leaks.report({ secrets: [legacy], source: 'https://paste.example/1' })).toEqual({
      received: 1,
    });
    expect((await tessera.verify(legacy)).code).toBe('revoked');
    expect((await tessera.tokens.get(answer.data[0]!.token!.id)).revoked_reason).toBe('leaked');
  });
});

describe('paging', () => {
  const PREFIX = 'page-walk-';
  const COUNT = 7;
  let names: string[];

  beforeAll(async () => {
    names = [];
    for (let n = 0; n < COUNT; n++) {
      const token = await tessera.tokens.create({ name: `${PREFIX}${n}`, ttl: 600 });
      names.push(token.name);
    }
  });

  it('awaited, list is one page; getNextPage walks in the style asked (page, offset, cursor) to the end', async () => {
    for (const style of [{ per_page: 3 }, { limit: 3, offset: 0 }, { limit: 3 }] as const) {
      const seen: string[] = [];
      let page: Page<{ name: string }> = await tessera.tokens.list({ name_prefix: PREFIX, ...style });
      expect(page.data.length).toBe(3);
      expect(page.pagination.total_items).toBe(COUNT);
      seen.push(...page.data.map((token) => token.name));
      let pages = 1;
      while (page.hasNextPage()) {
        page = await page.getNextPage();
        seen.push(...page.data.map((token) => token.name));
        pages++;
      }
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual([...names].sort());
      await expect(page.getNextPage()).rejects.toThrow(RangeError);
    }
  });

  it('for await walks every item of every page, fetching per_page (or limit) at a time', async () => {
    const seen: string[] = [];
    let requests = 0;
    const counting = new Tessera({
      baseUrl: server.url,
      token: server.ownerToken,
      fetch: (url, init) => {
        requests++;
        expect(new URL(url).searchParams.get(url.includes('cursor=') ? 'limit' : 'per_page')).toBe('2');
        return fetch(url, init);
      },
    });
    for await (const token of counting.tokens.list({ name_prefix: PREFIX, per_page: 2 }))
      seen.push(token.name);
    expect([...seen].sort()).toEqual([...names].sort());
    expect(requests).toBe(Math.ceil(COUNT / 2));

    // Newest first, ties by id: the walk is in the server's one stable order.
    const ordered: string[] = [];
    for await (const token of tessera.tokens.list({ name_prefix: PREFIX, limit: 3 }))
      ordered.push(token.name);
    expect(ordered).toEqual(seen);
  });

  it('a page past the end is empty; members, spaces, roles, tenants and audit events page the same way', async () => {
    const past = await tessera.tokens.list({ name_prefix: PREFIX, page: 99, per_page: 3 });
    expect(past.data).toEqual([]);
    expect(past.hasNextPage()).toBe(false);

    const events: string[] = [];
    for await (const event of tessera.auditEvents.list({ per_page: 5 })) events.push(event.id);
    expect(new Set(events).size).toBe(events.length);
    expect(events.length).toBeGreaterThan(COUNT);
    const first = await tessera.auditEvents.list({ limit: 5 });
    expect(first.data.map((event) => event.id)).toEqual(events.slice(0, 5));
  });
});

describe('members, spaces, roles, tenants', () => {
  it('members: create (with the first token), list, get, update, remove', async () => {
    const { member, token } = await tessera.members.create({
      email: 'ada@example.com',
      role: 'reader',
      name: 'Ada',
    });
    expect(token.secret).toMatch(/^tsr_/);
    expect(token.owner_id).toBe(member.id);
    expect((await tessera.members.get(member.id)).email).toBe('ada@example.com');
    const ids: string[] = [];
    for await (const m of tessera.members.list({ per_page: 1 })) ids.push(m.id);
    expect(ids).toContain(member.id);
    expect((await tessera.members.update(member.id, { role: 'writer' })).role).toBe('writer');
    expect((await tessera.members.update(member.id, { name: 'Ada L.' })).name).toBe('Ada L.');
    const issued = await tessera.members.issueToken(member.id, { ttl: 600 });
    expect(issued).toMatchObject({ owner_id: member.id, role: 'writer' });
    expect(issued.secret).toMatch(/^tsr_a\d_/);
    await tessera.members.remove(member.id);
    expect((await rejectionOf(tessera.members.get(member.id))).status).toBe(404);
    expect((await tessera.verify(token.secret)).code).toBe('disabled');
  });

  it('spaces and roles: create, list, get, update, remove', async () => {
    const space = await tessera.spaces.create({ key: 'shop', name: 'Shop' });
    expect(space.key).toBe('shop');
    expect((await tessera.spaces.get('shop')).name).toBe('Shop');
    expect((await tessera.spaces.update('shop', { description: 'the shop' })).description).toBe('the shop');
    expect((await tessera.spaces.list()).data.map((s) => s.key)).toContain('shop');
    await tessera.spaces.remove('shop');
    expect((await rejectionOf(tessera.spaces.get('shop'))).code).toBe('not_found');

    const policy = [{ effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] }];
    const role = await tessera.roles.create({ key: 'order-reader', name: 'Order reader', policy });
    expect(role.policy).toEqual(policy);
    const user = await tessera.tokens.create({
      name: 'sdk-role-user',
      custom_roles: ['order-reader'],
      ttl: 600,
    });
    expect((await tessera.verify(user.secret, { action: 'orders:read', resource: 'orders/7' })).code).toBe(
      'valid',
    );
    expect((await rejectionOf(tessera.roles.remove('order-reader'))).status).toBe(409);
    await tessera.tokens.revoke(user.id);
    expect((await tessera.roles.update('order-reader', { name: 'Readers' })).name).toBe('Readers');
    expect((await tessera.roles.get('order-reader')).name).toBe('Readers');
    expect((await tessera.roles.list({ limit: 10 })).data.length).toBeGreaterThan(0);
  });

  it("tenants: create (with the owner token), list, suspend, and list one tenant's tokens", async () => {
    const { tenant, owner_token } = await tessera.tenants.create({ name: 'Acme' });
    expect(owner_token.secret).toMatch(/^tsr_/);
    const names: string[] = [];
    for await (const t of tessera.tenants.list({ per_page: 1 })) names.push(t.name);
    expect(names).toContain('Acme');

    const acme = new Tessera({ baseUrl: server.url, token: owner_token.secret });
    const tokens = await acme.tenants.listTokens(tenant.id);
    expect(tokens.data.map((t) => t.id)).toEqual([owner_token.id]);
    expect((await rejectionOf(tessera.tenants.listTokens(tenant.id))).status).toBe(404);

    expect((await tessera.tenants.update(tenant.id, { suspended: true })).suspended).toBe(true);
    expect((await tessera.verify(owner_token.secret)).code).toBe('disabled');
    expect((await tessera.tenants.update(tenant.id, { suspended: false })).suspended).toBe(false);
    expect((await tessera.verify(owner_token.secret)).code).toBe('valid');
    const bounded = await tessera.tenants.update(tenant.id, { token_policy: { max_lifetime_seconds: 3600 } });
    expect(bounded.token_policy).toMatchObject({ max_lifetime_seconds: 3600, allow_permanent: false });
    const detail = await tessera.tenants.get(tenant.id);
    expect(detail.tenant.id).toBe(tenant.id);
    expect(detail.key_versions[0]!.live_tokens).toBe(1);
    expect(await tessera.tenants.delete(tenant.id)).toEqual({ revoked: 1 });
    expect((await rejectionOf(tessera.tenants.get(tenant.id))).status).toBe(404);
  });
});

describe('usage and advice', () => {
  it('tokens.usage, usage.rank and tokens.advice read what verifications left, and the advice applies', async () => {
    const { secret, ...token } = await tessera.tokens.create({
      name: 'sdk-usage',
      scopes: ['orders:*'],
      ttl: 3600,
    });
    expect((await tessera.verify(secret, { action: 'orders:read' })).valid).toBe(true);
    expect((await tessera.verify(secret, { action: 'users:read' })).code).toBe('forbidden');
    await server.running.deps.usage.flush();

    const usage = await tessera.tokens.usage(token.id, { granularity: 'day' });
    expect(usage.token_id).toBe(token.id);
    const sum = (key: 'total' | 'valid') => usage.series.reduce((total, point) => total + point[key], 0);
    expect([sum('total'), sum('valid')]).toEqual([2, 1]);

    const ranking = await tessera.usage.rank({ group_by: 'code', granularity: 'day' });
    expect(ranking.data.find((rank) => rank.code === 'forbidden')?.total).toBeGreaterThanOrEqual(1);

    const advice = await tessera.tokens.advice(token.id, { days: 7 });
    expect(advice.used.map((grant) => grant.key)).toEqual(['scope:orders:*']);
    expect(advice.suggested.scopes).toEqual(['orders:read']);
    const narrowed = await tessera.tokens.update(token.id, advice.suggested);
    expect(narrowed.scopes).toEqual(['orders:read']);

    const bad = await rejectionOf(tessera.tokens.usage(token.id, { granularity: 'week' as 'day' }));
    expect([bad.status, bad.code]).toEqual([400, 'invalid_query']);
  });
});

describe('webhooks', () => {
  it('create (secret once), list, get, update, test ping delivered, deliveries, retry, rotateSecret, remove', async () => {
    const setup = await startServerWithWebhook(['member.removed']);
    try {
      const client = new Tessera({
        baseUrl: setup.server.url,
        token: setup.server.ownerToken,
        maxRetries: 0,
      });
      const { webhook, secret } = await client.webhooks.create({
        url: `${setup.receiver.url}/sdk`,
        events: ['token.created'],
        description: 'from the SDK',
      });
      expect(secret).toMatch(/^whsec_/);
      expect((await client.webhooks.get(webhook.id)).description).toBe('from the SDK');
      const ids: string[] = [];
      for await (const each of client.webhooks.list({ per_page: 1 })) ids.push(each.id);
      expect(ids).toContain(webhook.id);
      expect((await client.webhooks.update(webhook.id, { description: 'changed' })).description).toBe(
        'changed',
      );

      const ping = await client.webhooks.test(webhook.id);
      expect(ping.event_type).toBe('webhook.ping');
      await setup.receiver.waitFor((received) => received.some((d) => d.body.type === 'webhook.ping'));
      const delivered = await client.webhooks.deliveries(webhook.id);
      expect(delivered.data.map((delivery) => delivery.id)).toContain(ping.id);
      const retried = await client.webhooks.retryDelivery(webhook.id, ping.id);
      expect(retried.id).toBe(ping.id);

      const rotated = await client.webhooks.rotateSecret(webhook.id, { grace_seconds: 0 });
      expect(rotated.secret).not.toBe(secret);
      await client.webhooks.remove(webhook.id);
      const gone = await rejectionOf(client.webhooks.get(webhook.id));
      expect(gone.status).toBe(404);
    } finally {
      await stopServerWithWebhook(setup);
    }
  });
});
