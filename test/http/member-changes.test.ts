// Demotion, promotion and removal of members take effect on the very next request.
import { describe, expect, it } from 'vitest';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const verify = (token: string, action?: string) =>
  call(server, 'POST', '/v1/verify', { body: { token, ...(action ? { action } : {}) } });

describe('member changes', () => {
  it("a demotion narrows the member's tokens on the very next request; a promotion does not widen past the token", async () => {
    const member = await addMember(server, server.ownerToken, 'admin');
    const token = await createToken(server, member.secret, { name: 'admin-made', ttl: 600 });
    expect((await verify(token.secret, 'members:write')).body.code).toBe('valid');
    const demoted = await call(server, 'PATCH', `/v1/members/${member.member.id}`, {
      token: server.ownerToken,
      body: { role: 'reader' },
    });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('reader');
    expect((await verify(token.secret, 'members:write')).body.code).toBe('forbidden');
    expect((await verify(token.secret, 'orders:read')).body.code).toBe('valid');
    expect(
      (await call(server, 'POST', '/v1/tokens', { token: token.secret, body: { ttl: 60 } })).status,
    ).toBe(403);
    await call(server, 'PATCH', `/v1/members/${member.member.id}`, {
      token: server.ownerToken,
      body: { role: 'admin' },
    });
    expect((await verify(token.secret, 'members:write')).body.code).toBe('valid');
  });

  it("removal disables the member's personal tokens at once; service tokens they made live on", async () => {
    const member = await addMember(server, server.ownerToken, 'admin');
    const personal = await createToken(server, member.secret, { ttl: 600 });
    const service = await createToken(server, member.secret, { service: true, role: 'writer' });
    const removed = await call(server, 'DELETE', `/v1/members/${member.member.id}`, {
      token: server.ownerToken,
    });
    expect(removed.status).toBe(204);
    expect((await verify(member.secret)).body.code).toBe('disabled');
    expect((await verify(personal.secret)).body.code).toBe('disabled');
    expect((await call(server, 'GET', '/v1/tokens/self', { token: personal.secret })).status).toBe(401);
    expect((await verify(service.secret)).body.code).toBe('valid');
    expect(
      (await call(server, 'GET', `/v1/members/${member.member.id}`, { token: server.ownerToken })).status,
    ).toBe(404);
    expect(
      (await call(server, 'DELETE', `/v1/members/${member.member.id}`, { token: server.ownerToken })).status,
    ).toBe(404);
  });

  it('only owners change owners; nobody promotes above their own role; the last owner stays', async () => {
    const admin = await addMember(server, server.ownerToken, 'admin');
    const owner2 = await addMember(server, server.ownerToken, 'owner');
    const writer = await addMember(server, server.ownerToken, 'writer');
    const before = await snapshot(server);
    expect(
      (
        await call(server, 'PATCH', `/v1/members/${owner2.member.id}`, {
          token: admin.secret,
          body: { role: 'reader' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(server, 'DELETE', `/v1/members/${owner2.member.id}`, { token: admin.secret })).status,
    ).toBe(403);
    expect(
      (
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: admin.secret,
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: writer.secret,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(403);
    expect(await snapshot(server)).toEqual(before);
    expect(
      (
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: admin.secret,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(200);

    const tenant = await call(server, 'POST', '/v1/tenants', {
      token: server.ownerToken,
      body: { name: 'one-owner' },
    });
    const soleOwner = tenant.body.owner_token.secret as string;
    const soleOwnerId = tenant.body.owner_token.owner_id as string;
    const demoteLast = await call(server, 'PATCH', `/v1/members/${soleOwnerId}`, {
      token: soleOwner,
      body: { role: 'admin' },
    });
    expect(demoteLast.status).toBe(409);
    expect((await call(server, 'DELETE', `/v1/members/${soleOwnerId}`, { token: soleOwner })).status).toBe(
      409,
    );
  });
});
