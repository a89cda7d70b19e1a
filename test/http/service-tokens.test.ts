// Service tokens (LaunchDarkly serviceToken): owned by the tenant, made by admins, capped by the
// creator's role at creation, listed apart from members' personal tokens.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('service tokens', () => {
  it('an admin makes one: no owner, service true, capped at the admin role', async () => {
    const admin = await addMember(server, server.ownerToken, 'admin');
    const created = await createToken(server, admin.secret, {
      name: 'ci-service',
      service: true,
      role: 'writer',
    });
    expect(created).toMatchObject({ service: true, owner_id: null, role: 'writer', lifetime: 'permanent' });
    const verified = await call(server, 'POST', '/v1/verify', {
      body: { token: created.secret, action: 'orders:write' },
    });
    expect(verified.body).toMatchObject({ valid: true, token: { service: true, owner_id: null } });
    const ownerRole = await call(server, 'POST', '/v1/tokens', {
      token: admin.secret,
      body: { service: true, role: 'owner' },
    });
    expectStatus(ownerRole, 403, 'forbidden');
  });

  it('a writer may not make one', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const answer = await call(server, 'POST', '/v1/tokens', {
      token: writer.secret,
      body: { service: true, ttl: 60 },
    });
    expectStatus(answer, 403, 'forbidden');
  });

  it("lists: a service token sees the tenant's service tokens, members see their own, show_all sees all", async () => {
    const service = await createToken(server, server.ownerToken, {
      name: 'svc-a',
      service: true,
      role: 'admin',
    });
    const child = await createToken(server, service.secret, { name: 'svc-child', role: 'reader', ttl: 600 });
    expect(child).toMatchObject({ service: true, owner_id: null });
    const seenByService = await call(server, 'GET', '/v1/tokens?limit=100', { token: service.secret });
    expect(seenByService.body.data.every((token: { service: boolean }) => token.service)).toBe(true);
    expect(seenByService.body.data.map((token: { id: string }) => token.id)).toEqual(
      expect.arrayContaining([service.id, child.id]),
    );
    const seenByOwner = await call(server, 'GET', '/v1/tokens?limit=100', { token: server.ownerToken });
    expect(seenByOwner.body.data.some((token: { service: boolean }) => token.service)).toBe(false);
    const all = await call(server, 'GET', '/v1/tokens?limit=100&show_all=true', { token: server.ownerToken });
    expect(all.body.data.map((token: { id: string }) => token.id)).toEqual(
      expect.arrayContaining([service.id, child.id]),
    );
  });

  it('the permanent cap counts service tokens per tenant', async () => {
    const tenant = await call(server, 'POST', '/v1/tenants', {
      token: server.ownerToken,
      body: { name: 'svc-cap' },
    });
    const owner = tenant.body.owner_token.secret as string;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        call(server, 'POST', '/v1/tokens', { token: owner, body: { service: true, name: `s${index}` } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(3);
  });
});
