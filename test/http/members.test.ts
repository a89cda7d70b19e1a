// /v1/members: admins add members (each with a first token shown once); roles bound who may add whom.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('members', () => {
  it('POST answers 201 {member, token} with the first token secret, which works with the member role', async () => {
    const answer = await call(server, 'POST', '/v1/members', {
      token: server.ownerToken,
      body: { email: 'ana@example.com', name: 'Ana', role: 'writer' },
    });
    expectStatus(answer, 201);
    expect(answer.body.member).toMatchObject({ email: 'ana@example.com', name: 'Ana', role: 'writer' });
    expect(answer.body.token).toMatchObject({
      owner_id: answer.body.member.id,
      role: 'writer',
      lifetime: 'permanent',
    });
    const self = await call(server, 'GET', '/v1/tokens/self', { token: answer.body.token.secret });
    expect(self.body.id).toBe(answer.body.token.id);
    const listed = await call(server, 'GET', '/v1/members', { token: server.ownerToken });
    expect(listed.body.data.map((member: { email: string }) => member.email)).toContain('ana@example.com');
    const one = await call(server, 'GET', `/v1/members/${answer.body.member.id}`, {
      token: server.ownerToken,
    });
    expect(one.body).toEqual(answer.body.member);
  });

  it('the same email twice is a 409; writers and readers cannot add; admins cannot add owners', async () => {
    await addMember(server, server.ownerToken, 'reader', 'dup@example.com');
    const duplicate = await call(server, 'POST', '/v1/members', {
      token: server.ownerToken,
      body: { email: 'dup@example.com', role: 'reader' },
    });
    expectStatus(duplicate, 409, 'conflict');
    const writer = await addMember(server, server.ownerToken, 'writer');
    const reader = await addMember(server, server.ownerToken, 'reader');
    const admin = await addMember(server, server.ownerToken, 'admin');
    const before = await snapshot(server);
    for (const [token, role] of [
      [reader.secret, 'reader'],
      [writer.secret, 'reader'],
      [admin.secret, 'owner'],
    ] as const) {
      const answer = await call(server, 'POST', '/v1/members', {
        token,
        body: { email: `x-${role}@example.com`, role },
      });
      expectStatus(answer, 403, 'forbidden');
    }
    expect(await snapshot(server)).toEqual(before);
    expectStatus(
      await call(server, 'POST', '/v1/members', {
        token: admin.secret,
        body: { email: 'y@example.com', role: 'admin' },
      }),
      201,
    );
  });

  it('a token narrowed to scopes cannot act as admin even when its member is the owner', async () => {
    const narrow = await createToken(server, server.ownerToken, { scopes: ['members:write'], ttl: 60 });
    const answer = await call(server, 'POST', '/v1/members', {
      token: narrow.secret,
      body: { email: 'z@example.com', role: 'reader' },
    });
    expectStatus(answer, 403, 'forbidden');
  });

  it.each([
    { email: 'not-an-email', role: 'reader' },
    { email: 'a@b.c', role: 'god' },
    { email: 'a@b.c' },
    { email: 'a@b.c', role: 'reader', id: 'mem_x' },
  ])('bad member body %j → 400', async (body) => {
    const answer = await call(server, 'POST', '/v1/members', { token: server.ownerToken, body });
    expectStatus(answer, 400);
  });
});
