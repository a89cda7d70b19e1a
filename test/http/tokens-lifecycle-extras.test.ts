// Idempotent create, bulk revoke (NeuroIO delete_list), lookup by secret, and last-use fields.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('Idempotency-Key on create', () => {
  it('the same key and body answer with the same token (200, replayed, no secret); another body is a 409', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      headers,
      body: { name: 'idem', ttl: 600 },
    });
    expectStatus(first, 201);
    const again = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      headers,
      body: { ttl: 600, name: 'idem' },
    });
    expectStatus(again, 200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.secret).toBeUndefined();
    const other = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      headers,
      body: { name: 'idem', ttl: 601 },
    });
    expectStatus(other, 409, 'conflict');
  });

  it('the same key in parallel makes one token, not two', async () => {
    const before = (await call(server, 'GET', '/v1/tokens?name_prefix=par', { token: server.ownerToken }))
      .body.pagination.total_items;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(server, 'POST', '/v1/tokens', {
          token: server.ownerToken,
          headers: { 'idempotency-key': 'parallel-1' },
          body: { name: 'par', ttl: 600 },
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const after = (await call(server, 'GET', '/v1/tokens?name_prefix=par', { token: server.ownerToken })).body
      .pagination.total_items;
    expect(after - before).toBe(1);
  });

  it('keys belong to their caller, and a malformed key is a 400', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    const headers = { 'idempotency-key': 'shared-name' };
    const mine = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      headers,
      body: { ttl: 600 },
    });
    const theirs = await call(server, 'POST', '/v1/tokens', {
      token: member.secret,
      headers,
      body: { ttl: 600 },
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    const bad = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      headers: { 'idempotency-key': 'x'.repeat(300) },
      body: {},
    });
    expectStatus(bad, 400, 'invalid_request');
  });
});

describe('bulk revoke', () => {
  it('permanent=false revokes only temporary tokens, spares the caller, audits each, and answers the count', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    for (let index = 0; index < 4; index++) await createToken(server, member.secret, { ttl: 600 });
    const permanent = await createToken(server, member.secret, {});
    const events = async () =>
      (await call(server, 'GET', '/v1/audit-events', { token: server.ownerToken })).body.pagination
        .total_items;
    const eventsBefore = await events();
    const answer = await call(server, 'DELETE', '/v1/tokens?permanent=false', { token: member.secret });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({ revoked: 4 });
    expect(await events()).toBe(eventsBefore + 4);
    expect((await call(server, 'POST', '/v1/verify', { body: { token: permanent.secret } })).body.code).toBe(
      'valid',
    );
    // Absent filter: all the caller could list, except itself unless include_self.
    expect((await call(server, 'DELETE', '/v1/tokens', { token: member.secret })).body).toEqual({
      revoked: 1,
    });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: member.secret }), 200);
    expect(
      (await call(server, 'DELETE', '/v1/tokens?include_self=true', { token: member.secret })).body,
    ).toEqual({ revoked: 1 });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: member.secret }), 401, 'unauthorized');
  });

  it("never touches other members' tokens without show_all, which needs an admin", async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const bystander = await createToken(server, server.ownerToken, { ttl: 600 });
    await call(server, 'DELETE', '/v1/tokens', { token: writer.secret });
    expect((await call(server, 'POST', '/v1/verify', { body: { token: bystander.secret } })).body.code).toBe(
      'valid',
    );
    expectStatus(
      await call(server, 'DELETE', '/v1/tokens?show_all=true', { token: writer.secret }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'DELETE', '/v1/tokens?bogus=1', { token: writer.secret }),
      400,
      'invalid_query',
    );
  });
});

describe('lookup by secret', () => {
  it('finds a token the caller may read by its secret, whatever its state; others are 404', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'look', ttl: 600 });
    await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    const found = await call(server, 'POST', '/v1/tokens/lookup', {
      token: server.ownerToken,
      body: { secret: token.secret },
    });
    expectStatus(found, 200);
    expect(found.body).toMatchObject({ id: token.id, name: 'look' });
    expect(found.text).not.toContain(token.secret);
    const tenant = await addTenant(server, server.ownerToken, 'lookup-other');
    expectStatus(
      await call(server, 'POST', '/v1/tokens/lookup', {
        token: tenant.ownerSecret,
        body: { secret: token.secret },
      }),
      404,
      'not_found',
    );
    expectStatus(
      await call(server, 'POST', '/v1/tokens/lookup', {
        token: server.ownerToken,
        body: { secret: 'garbage' },
      }),
      404,
      'not_found',
    );
    expectStatus(
      await call(server, 'POST', '/v1/tokens/lookup', {
        token: server.ownerToken,
        body: { key: token.secret },
      }),
      400,
      'invalid_request',
    );
  });
});

describe('last use (Fastly last_used_*)', () => {
  it('records time, IP and user agent of the latest use, written behind within about a second', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    expect(token.last_used_at).toBeNull();
    await call(server, 'GET', '/v1/tokens/self', {
      token: token.secret,
      headers: { 'user-agent': 'deploy-bot/1.0' },
    });
    const deadline = Date.now() + 5000;
    let read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    while (read.body.last_used_at === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    }
    expect(read.body).toMatchObject({ last_used_ip: '127.0.0.1', last_used_user_agent: 'deploy-bot/1.0' });
    expect(read.body.last_used_at).not.toBeNull();
  });
});
