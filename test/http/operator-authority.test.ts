// Who may hand out permanent tokens Tessera issues itself, and who may manage tenants: regressions for
// holes a review found (a writer creating tenants, a session token minting a permanent admin).
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('operator and minting authority', () => {
  it('only admins and owners of the operator tenant manage tenants; writers and readers get 403', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const reader = await addMember(server, server.ownerToken, 'reader');
    const admin = await addMember(server, server.ownerToken, 'admin');
    const before = await snapshot(server);
    for (const token of [writer.secret, reader.secret]) {
      expectStatus(await call(server, 'GET', '/v1/tenants', { token }), 403, 'forbidden');
      expectStatus(
        await call(server, 'POST', '/v1/tenants', { token, body: { name: 'nope' } }),
        403,
        'forbidden',
      );
    }
    expect(await snapshot(server)).toEqual(before);
    expectStatus(await call(server, 'GET', '/v1/tenants', { token: admin.secret }), 200);
    const created = await call(server, 'POST', '/v1/tenants', {
      token: admin.secret,
      body: { name: 'by-admin' },
    });
    expectStatus(created, 201);
    const patched = await call(server, 'PATCH', `/v1/tenants/${created.body.tenant.id}`, {
      token: writer.secret,
      body: { suspended: true },
    });
    expectStatus(patched, 403, 'forbidden');
  });

  it('an expiring token cannot add a member or a tenant (both hand out permanent tokens)', async () => {
    const session = await createToken(server, server.ownerToken, { type: 'session' });
    const before = await snapshot(server);
    const member = await call(server, 'POST', '/v1/members', {
      token: session.secret,
      body: { email: 's@example.com', role: 'admin' },
    });
    expectStatus(member, 403, 'forbidden');
    const tenant = await call(server, 'POST', '/v1/tenants', {
      token: session.secret,
      body: { name: 'from-session' },
    });
    expectStatus(tenant, 403, 'forbidden');
    expect(await snapshot(server)).toEqual(before);
  });

  it('a use-limited token cannot add a member', async () => {
    const limited = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 5 });
    const answer = await call(server, 'POST', '/v1/members', {
      token: limited.secret,
      body: { email: 'l@example.com', role: 'reader' },
    });
    expectStatus(answer, 403, 'forbidden');
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
