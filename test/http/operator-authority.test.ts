// Who may hand out permanent tokens Tessera issues itself, and who may manage tenants: regressions for
// holes a review found (a writer creating tenants, a session token minting a permanent admin).
import { describe, expect, it } from 'vitest';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('operator and minting authority', () => {
  it('only admins and owners of the operator tenant manage tenants; writers and readers get 403', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const reader = await addMember(server, server.ownerToken, 'reader');
    const admin = await addMember(server, server.ownerToken, 'admin');
    const before = await snapshot(server);
    for (const token of [writer.secret, reader.secret]) {
      expect((await call(server, 'GET', '/v1/tenants', { token })).status).toBe(403);
      expect((await call(server, 'POST', '/v1/tenants', { token, body: { name: 'nope' } })).status).toBe(403);
    }
    expect(await snapshot(server)).toEqual(before);
    expect((await call(server, 'GET', '/v1/tenants', { token: admin.secret })).status).toBe(200);
    const created = await call(server, 'POST', '/v1/tenants', {
      token: admin.secret,
      body: { name: 'by-admin' },
    });
    expect(created.status).toBe(201);
    const patched = await call(server, 'PATCH', `/v1/tenants/${created.body.tenant.id}`, {
      token: writer.secret,
      body: { suspended: true },
    });
    expect(patched.status).toBe(403);
  });

  it('an expiring token cannot add a member or a tenant (both hand out permanent tokens)', async () => {
    const session = await createToken(server, server.ownerToken, { type: 'session' });
    const before = await snapshot(server);
    const member = await call(server, 'POST', '/v1/members', {
      token: session.secret,
      body: { email: 's@example.com', role: 'admin' },
    });
    expect(member.status).toBe(403);
    expect(member.body.detail).toContain('permanent');
    const tenant = await call(server, 'POST', '/v1/tenants', {
      token: session.secret,
      body: { name: 'from-session' },
    });
    expect(tenant.status).toBe(403);
    expect(await snapshot(server)).toEqual(before);
  });

  it('a use-limited token cannot add a member', async () => {
    const limited = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 5 });
    const answer = await call(server, 'POST', '/v1/members', {
      token: limited.secret,
      body: { email: 'l@example.com', role: 'reader' },
    });
    expect(answer.status).toBe(403);
  });

  it("a new tenant's own audit trail names no actor from the operator tenant", async () => {
    const created = await call(server, 'POST', '/v1/tenants', {
      token: server.ownerToken,
      body: { name: 'clean-trail' },
    });
    const trail = await call(server, 'GET', '/v1/audit-events', { token: created.body.owner_token.secret });
    expect(trail.body.data.length).toBeGreaterThan(0);
    for (const event of trail.body.data) {
      expect(event.actor_token_id).toBeNull();
      expect(event.actor_member_id).toBeNull();
    }
  });
});
