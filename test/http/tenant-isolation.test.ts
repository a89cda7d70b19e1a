// Tenant isolation: another tenant's token or member is a 404 on every route that takes an id.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('tenant isolation', () => {
  it("tenant B's owner gets 404 for each of tenant A's tokens and members, and changes nothing", async () => {
    const tenantB = await addTenant(server, server.ownerToken, 'tenant-b');
    const tenantC = await addTenant(server, server.ownerToken, 'tenant-c');
    const aToken = await createToken(server, server.ownerToken, { name: 'a-token', ttl: 600 });
    const aMember = await addMember(server, server.ownerToken, 'writer');
    const cToken = await createToken(server, tenantC.ownerSecret, { name: 'c-token', ttl: 600 });

    const routes: [string, string][] = [
      ['GET', `/v1/tokens/${aToken.id}`],
      ['DELETE', `/v1/tokens/${aToken.id}`],
      ['GET', `/v1/tokens/${cToken.id}`],
      ['DELETE', `/v1/tokens/${cToken.id}`],
      ['GET', `/v1/members/${aMember.member.id}`],
    ];
    const before = await snapshot(server);
    for (const [method, path] of routes) {
      const answer = await call(server, method, path, { token: tenantB.ownerSecret });
      expectStatus(answer, 404, 'not_found', `${method} ${path}`);
    }
    expect(await snapshot(server)).toEqual(before);
    expect((await call(server, 'POST', '/v1/verify', { body: { token: aToken.secret } })).body.code).toBe(
      'valid',
    );
    expect((await call(server, 'POST', '/v1/verify', { body: { token: cToken.secret } })).body.code).toBe(
      'valid',
    );
    // The same routes work inside the tenant, so the 404s above are isolation, not broken routes.
    expectStatus(await call(server, 'GET', `/v1/tokens/${cToken.id}`, { token: tenantC.ownerSecret }), 200);
    expectStatus(
      await call(server, 'GET', `/v1/members/${aMember.member.id}`, { token: server.ownerToken }),
      200,
    );
  });

  it('lists never cross tenants, and a non-operator tenant cannot manage tenants', async () => {
    const tenantB = await addTenant(server, server.ownerToken, 'tenant-b2');
    const members = await call(server, 'GET', '/v1/members', { token: tenantB.ownerSecret });
    expect(members.body.pagination.total_items).toBe(1);
    expect(
      (await call(server, 'GET', '/v1/audit-events', { token: tenantB.ownerSecret })).body.data.every(
        (event: { tenant_id: string }) => event.tenant_id === tenantB.tenantId,
      ),
    ).toBe(true);
    for (const [method, path, body] of [
      ['GET', '/v1/tenants', undefined],
      ['POST', '/v1/tenants', { name: 'x' }],
      ['PATCH', `/v1/tenants/${tenantB.tenantId}`, { suspended: true }],
    ] as const) {
      const answer = await call(server, method, path, { token: tenantB.ownerSecret, body });
      expectStatus(answer, 403, 'forbidden', `${method} ${path}`);
    }
  });
});
