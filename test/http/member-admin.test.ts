// Members (issue 20, item 15): PATCH /v1/members/{id} changes the name and e-mail as well as the role,
// and an admin issues a new token to a member who lost theirs (POST /v1/members/{id}/tokens), within
// the admin's own grants, its secret shown once, audited.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('PATCH /v1/members/{id}', () => {
  it('changes name and e-mail, audited; a taken e-mail is a 409 that changes nothing', async () => {
    const { member } = await addMember(server, server.ownerToken, 'writer', 'kim@example.com');
    await addMember(server, server.ownerToken, 'reader', 'lee@example.com');
    const patched = await call(server, 'PATCH', `/v1/members/${member.id}`, {
      token: server.ownerToken,
      body: { name: 'Kim Park', email: 'kim.park@example.com' },
    });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({ name: 'Kim Park', email: 'kim.park@example.com', role: 'writer' });
    const audit = await call(server, 'GET', `/v1/audit-events?action=member.update&target_id=${member.id}`, {
      token: server.ownerToken,
    });
    expect(audit.body.data[0].details.fields).toEqual(['name', 'email']);

    const before = await snapshot(server);
    const taken = await call(server, 'PATCH', `/v1/members/${member.id}`, {
      token: server.ownerToken,
      body: { email: 'lee@example.com', name: 'Someone Else' },
    });
    expectStatus(taken, 409, 'conflict');
    expect(await snapshot(server)).toEqual(before);
    const cleared = await call(server, 'PATCH', `/v1/members/${member.id}`, {
      token: server.ownerToken,
      body: { name: null },
    });
    expect(cleared.body.name).toBeNull();
  });

  it('an empty body, a bad e-mail or an unknown field is a 400; a writer may not change members', async () => {
    const { member, secret } = await addMember(server, server.ownerToken, 'writer');
    for (const body of [{}, { email: 'not an address' }, { nickname: 'x' }, { name: '' }]) {
      const answer = await call(server, 'PATCH', `/v1/members/${member.id}`, {
        token: server.ownerToken,
        body,
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expectStatus(
      await call(server, 'PATCH', `/v1/members/${member.id}`, { token: secret, body: { name: 'Me' } }),
      403,
    );
  });
});

describe('POST /v1/members/{id}/tokens', () => {
  it("issues a working token with the member's role, secret once, audited, owned by the member", async () => {
    const { member } = await addMember(server, server.ownerToken, 'writer');
    const issued = await call(server, 'POST', `/v1/members/${member.id}/tokens`, {
      token: server.ownerToken,
      body: { name: 'replacement', ttl: 3600 },
    });
    expectStatus(issued, 201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toMatchObject({ name: 'replacement', role: 'writer', owner_id: member.id });
    expect(issued.body.secret).toMatch(/^tsr_a\d_/);
    const self = await call(server, 'GET', '/v1/tokens/self', { token: issued.body.secret });
    expectStatus(self, 200);
    expect(self.body.secret).toBeUndefined();
    const audit = await call(
      server,
      'GET',
      `/v1/audit-events?action=token.create&target_id=${issued.body.id}`,
      {
        token: server.ownerToken,
      },
    );
    expect(audit.body.data[0].details).toMatchObject({ for_member: member.id, lifetime: 'temporary' });
    expect(JSON.stringify(audit.body)).not.toContain(issued.body.secret);
    // With no expiry it is permanent, taking a place under the member's cap.
    const permanent = await call(server, 'POST', `/v1/members/${member.id}/tokens`, {
      token: server.ownerToken,
      body: {},
    });
    expectStatus(permanent, 201);
    expect(permanent.body).toMatchObject({ name: 'writer-token-1', expires_at: null, lifetime: 'permanent' });
  });

  it("stays within the issuer: an admin may not issue an owner's token, nor a non-admin any", async () => {
    const admin = await addMember(server, server.ownerToken, 'admin');
    const owner = await addMember(server, server.ownerToken, 'owner');
    const writer = await addMember(server, server.ownerToken, 'writer');
    const expiring = await call(server, 'POST', '/v1/tokens', { token: admin.secret, body: { ttl: 600 } });
    const before = await snapshot(server);
    expectStatus(
      await call(server, 'POST', `/v1/members/${owner.member.id}/tokens`, { token: admin.secret, body: {} }),
      403,
    );
    expectStatus(
      await call(server, 'POST', `/v1/members/${admin.member.id}/tokens`, { token: writer.secret, body: {} }),
      403,
    );
    // An expiring admin token cannot mint a permanent one.
    expectStatus(
      await call(server, 'POST', `/v1/members/${writer.member.id}/tokens`, {
        token: expiring.body.secret,
        body: {},
      }),
      403,
    );
    expectStatus(
      await call(server, 'POST', '/v1/members/mem_nope/tokens', { token: server.ownerToken, body: {} }),
      404,
    );
    expectStatus(
      await call(server, 'POST', `/v1/members/${writer.member.id}/tokens`, {
        token: server.ownerToken,
        body: { ttl: 60, expires_at: '2031-01-01T00:00:00Z' },
      }),
      400,
    );
    expect(await snapshot(server)).toEqual(before);
    // Within the issuer it works: the admin issues the writer an expiring token.
    expectStatus(
      await call(server, 'POST', `/v1/members/${writer.member.id}/tokens`, {
        token: expiring.body.secret,
        body: { ttl: 300 },
      }),
      201,
    );
  });
});
