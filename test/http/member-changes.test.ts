// Demotion, promotion and removal of members take effect on the very next request.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

// Run through POST /v1/verify's fast path (a bare {"token"} body) and through Fastify alone.
for (const fastPath of [true, false]) {
  describe(fastPath ? 'member changes (verify fast path on)' : 'member changes (Fastify alone)', () => {
    const server = useTestServer({ verifyFastPath: fastPath });
    const verify = (token: string, action?: string) =>
      call(server, 'POST', '/v1/verify', { body: { token, ...(action ? { action } : {}) } });

    it("a demotion narrows the member's tokens on the very next request; a promotion does not widen past the token", async () => {
      const member = await addMember(server, server.ownerToken, 'admin');
      const token = await createToken(server, member.secret, { name: 'admin-made', ttl: 600 });
      expect((await verify(token.secret, 'members:write')).body.code).toBe('valid');
      const demoted = await call(server, 'PATCH', `/v1/members/${member.member.id}`, {
        token: server.ownerToken,
        body: { role: 'reader' },
      });
      expectStatus(demoted, 200);
      expect(demoted.body.role).toBe('reader');
      expect((await verify(token.secret, 'members:write')).body.code).toBe('forbidden');
      expect((await verify(token.secret, 'orders:read')).body.code).toBe('valid');
      expectStatus(
        await call(server, 'POST', '/v1/tokens', { token: token.secret, body: { ttl: 60 } }),
        403,
        'forbidden',
      );
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
      expectStatus(removed, 204);
      expect((await verify(member.secret)).body.code).toBe('disabled');
      expect((await verify(personal.secret)).body.code).toBe('disabled');
      expectStatus(
        await call(server, 'GET', '/v1/tokens/self', { token: personal.secret }),
        401,
        'unauthorized',
      );
      expect((await verify(service.secret)).body.code).toBe('valid');
      expectStatus(
        await call(server, 'GET', `/v1/members/${member.member.id}`, { token: server.ownerToken }),
        404,
        'not_found',
      );
      expectStatus(
        await call(server, 'DELETE', `/v1/members/${member.member.id}`, { token: server.ownerToken }),
        404,
        'not_found',
      );
    });

    it('only owners change owners; nobody promotes above their own role; the last owner stays', async () => {
      const admin = await addMember(server, server.ownerToken, 'admin');
      const owner2 = await addMember(server, server.ownerToken, 'owner');
      const writer = await addMember(server, server.ownerToken, 'writer');
      const before = await snapshot(server);
      expectStatus(
        await call(server, 'PATCH', `/v1/members/${owner2.member.id}`, {
          token: admin.secret,
          body: { role: 'reader' },
        }),
        403,
        'forbidden',
      );
      expectStatus(
        await call(server, 'DELETE', `/v1/members/${owner2.member.id}`, { token: admin.secret }),
        403,
        'forbidden',
      );
      expectStatus(
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: admin.secret,
          body: { role: 'owner' },
        }),
        403,
        'forbidden',
      );
      expectStatus(
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: writer.secret,
          body: { role: 'admin' },
        }),
        403,
        'forbidden',
      );
      expect(await snapshot(server)).toEqual(before);
      expectStatus(
        await call(server, 'PATCH', `/v1/members/${writer.member.id}`, {
          token: admin.secret,
          body: { role: 'admin' },
        }),
        200,
      );

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
      expectStatus(demoteLast, 409, 'conflict');
      expectStatus(
        await call(server, 'DELETE', `/v1/members/${soleOwnerId}`, { token: soleOwner }),
        409,
        'conflict',
      );
    });
  });
}
