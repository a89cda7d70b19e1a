// Reading and revoking tokens: own tokens, others' tokens (admins only), self, idempotent revoke.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('read and revoke', () => {
  it('revoke answers 204, is idempotent, keeps the record, and the token stops at once', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'gone', ttl: 600 });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 200);
    const before = await snapshot(server);
    const first = await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expectStatus(first, 204);
    expect(first.text).toBe('');
    const afterFirst = await snapshot(server);
    expect(afterFirst.events).toBe(before.events + 1);
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken }), 204);
    expect(await snapshot(server)).toEqual(afterFirst);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 401, 'unauthorized');
    const record = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expectStatus(record, 200);
    expect(record.body.revoked_at).not.toBeNull();
  });

  it('GET and DELETE /v1/tokens/self work for any token, whatever its grants', async () => {
    const scoped = await createToken(server, server.ownerToken, {
      name: 'narrow',
      scopes: ['orders:read'],
      ttl: 600,
    });
    const self = await call(server, 'GET', '/v1/tokens/self', { token: scoped.secret });
    expectStatus(self, 200);
    expect(self.body.id).toBe(scoped.id);
    expect(self.headers.get('etag')).toMatch(/^".+"$/);
    // By its own id too: every token may read itself (SPEC "Permissions").
    expectStatus(await call(server, 'GET', `/v1/tokens/${scoped.id}`, { token: scoped.secret }), 200);
    expectStatus(await call(server, 'DELETE', '/v1/tokens/self', { token: scoped.secret }), 204);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: scoped.secret }), 401, 'unauthorized');
  });

  it("another member's token: 403 for a writer, readable and revocable by an admin", async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const admin = await addMember(server, server.ownerToken, 'admin');
    const target = await createToken(server, writer.secret, { name: 'mine', ttl: 600 });
    const other = await addMember(server, server.ownerToken, 'writer');
    const before = await snapshot(server);
    expectStatus(
      await call(server, 'GET', `/v1/tokens/${target.id}`, { token: other.secret }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'DELETE', `/v1/tokens/${target.id}`, { token: other.secret }),
      403,
      'forbidden',
    );
    expect(await snapshot(server)).toEqual(before);
    expectStatus(await call(server, 'GET', `/v1/tokens/${target.id}`, { token: admin.secret }), 200);
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${target.id}`, { token: admin.secret }), 204);
  });

  it('a reader may read its own token, may not revoke others, and may revoke itself by id', async () => {
    const reader = await addMember(server, server.ownerToken, 'reader');
    const own = await call(server, 'GET', '/v1/tokens', { token: reader.secret });
    expectStatus(own, 200);
    const id = own.body.data[0].id;
    expectStatus(await call(server, 'GET', `/v1/tokens/${id}`, { token: reader.secret }), 200);
    const other = await createToken(server, server.ownerToken, { ttl: 60 });
    expectStatus(
      await call(server, 'DELETE', `/v1/tokens/${other.id}`, { token: reader.secret }),
      403,
      'forbidden',
    );
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${id}`, { token: reader.secret }), 204);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: reader.secret }), 401, 'unauthorized');
  });

  it.each([
    "' OR 1=1 --",
    '..%2F..%2Fetc%2Fpasswd',
    'tok_doesnotexist',
    '%00',
    'a'.repeat(500),
    'a'.repeat(3000),
  ])('an id of %s is a 404', async (id) => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await call(server, method, `/v1/tokens/${id}`, { token: server.ownerToken });
      expectStatus(answer, 404, 'not_found');
    }
  });

  it('a path that is not valid percent-encoding is a 400 problem, never a 5xx', async () => {
    const answer = await call(server, 'GET', '/v1/tokens/%E0%A4%A', { token: server.ownerToken });
    expectStatus(answer, 400, 'invalid_request');
  });
});
