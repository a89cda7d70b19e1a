// Escalations a second read found, each reproduced over HTTP and now refused: a space token managing
// the tenant, resource-scoped denies ignored on Tessera's own API, a token rewriting its own custom
// role, a rotated-out secret minting the future, `**` fooling containment, service tokens as peers.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });
const verify = (body: Record<string, unknown>) => call(server, 'POST', '/v1/verify', { body });

describe('escalation regressions', () => {
  it('a space admin token manages only tokens of its space: no bulk revoke outside, no members, roles, spaces or audit', async () => {
    await call(server, 'POST', '/v1/spaces', { token: server.ownerToken, body: { key: 'eu', name: 'EU' } });
    await call(server, 'POST', '/v1/spaces', { token: server.ownerToken, body: { key: 'us', name: 'US' } });
    const spaceAdmin = await createToken(server, server.ownerToken, {
      kind: 'space',
      space: 'eu',
      role: 'admin',
      ttl: 3600,
    });
    const inSpace = await createToken(server, spaceAdmin.secret, { ttl: 600 });
    const accountToken = await createToken(server, server.ownerToken, { ttl: 600 });
    const member = await addMember(server, server.ownerToken, 'reader');
    const before = await snapshot(server);
    const bulk = await call(server, 'DELETE', '/v1/tokens?show_all=true', { token: spaceAdmin.secret });
    expect(bulk.body).toEqual({ revoked: 1 });
    expect((await verify({ token: inSpace.secret })).body.code).toBe('revoked');
    expect((await verify({ token: accountToken.secret })).body.code).toBe('valid');
    expect((await verify({ token: server.ownerToken })).body.code).toBe('valid');
    for (const [method, path, body] of [
      ['PATCH', `/v1/tokens/${accountToken.id}`, { is_active: false }],
      ['DELETE', `/v1/tokens/${accountToken.id}`, undefined],
      ['GET', `/v1/tokens/${accountToken.id}`, undefined],
      ['DELETE', `/v1/members/${member.member.id}`, undefined],
      ['PATCH', '/v1/spaces/us', { name: 'renamed' }],
      ['POST', '/v1/roles', { key: 'x', name: 'x', policy: [] }],
      ['GET', '/v1/audit-events', undefined],
      ['GET', '/v1/tokens?show_all=true&space=us', undefined],
    ] as const) {
      expectStatus(
        await call(server, method, path, { token: spaceAdmin.secret, body }),
        403,
        'forbidden',
        `${method} ${path}`,
      );
    }
    const after = await snapshot(server);
    // Exactly one change happened: the in-space token was revoked (one audit event).
    expect({
      ...after,
      tokens: after.tokens + 1,
      revoked: after.revoked - 1,
      events: after.events - 1,
    }).toEqual(before);
  });

  it('a policy deny on tokens/<id> holds on the API as it does in verify', async () => {
    const victim = await createToken(server, server.ownerToken, { ttl: 600 });
    const denied = await createToken(server, server.ownerToken, {
      role: 'admin',
      policy: [{ effect: 'deny', actions: ['tokens:write'], resources: [`tokens/${victim.id}`] }],
      ttl: 600,
    });
    expectStatus(
      await call(server, 'DELETE', `/v1/tokens/${victim.id}`, { token: denied.secret }),
      403,
      'forbidden',
    );
    expect((await verify({ token: victim.secret })).body.code).toBe('valid');
    const other = await createToken(server, server.ownerToken, { ttl: 600 });
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${other.id}`, { token: denied.secret }), 204);
  });

  it('a token cannot rewrite a custom role it carries, nor write a role wider than itself', async () => {
    await call(server, 'POST', '/v1/roles', {
      token: server.ownerToken,
      body: {
        key: 'no-orders',
        name: 'No orders',
        policy: [{ effect: 'deny', actions: ['orders:*'], resources: ['*'] }],
      },
    });
    const restricted = await createToken(server, server.ownerToken, {
      role: 'admin',
      custom_roles: ['no-orders'],
      ttl: 600,
    });
    expect((await verify({ token: restricted.secret, action: 'orders:delete' })).body.code).toBe('forbidden');
    const lift = await call(server, 'PATCH', '/v1/roles/no-orders', {
      token: restricted.secret,
      body: { policy: [] },
    });
    expectStatus(lift, 403, 'forbidden');
    expectStatus(
      await call(server, 'DELETE', '/v1/roles/no-orders', { token: restricted.secret }),
      403,
      'forbidden',
    );
    expect((await verify({ token: restricted.secret, action: 'orders:delete' })).body.code).toBe('forbidden');
    const narrowAdmin = await createToken(server, server.ownerToken, {
      role: 'admin',
      policy: [{ effect: 'deny', actions: ['billing:*'], resources: ['*'] }],
      ttl: 600,
    });
    const wider = await call(server, 'POST', '/v1/roles', {
      token: narrowAdmin.secret,
      body: {
        key: 'billing',
        name: 'Billing',
        policy: [{ effect: 'allow', actions: ['billing:write'], resources: ['*'] }],
      },
    });
    expectStatus(wider, 403, 'forbidden');
  });

  it('an old secret in its rotation grace cannot mint a permanent token or rotate its token', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'graced', role: 'owner' });
    const rotated = await call(
      server,
      'POST',
      `/v1/tokens/${token.id}/rotate?expiry=${clock.nowMs() + 300_000}`,
      { token: server.ownerToken },
    );
    expectStatus(rotated, 200);
    expectStatus(
      await call(server, 'POST', '/v1/tokens', { token: token.secret, body: { role: 'reader' } }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: token.secret }),
      403,
      'forbidden',
    );
    expect((await verify({ token: rotated.body.secret })).body.code).toBe('valid');
    // Within the grace it may still work, and mint tokens that end no later than the grace.
    expectStatus(
      await call(server, 'POST', '/v1/tokens', { token: token.secret, body: { role: 'reader', ttl: 60 } }),
      201,
    );
  });

  it('`**` means `*`: a policy over `**` resources cannot cover a resource-less grant it does not give', async () => {
    const parent = await createToken(server, server.ownerToken, {
      scopes: ['tokens:write'],
      policy: [{ effect: 'allow', actions: ['orders:*'], resources: ['**'] }],
      ttl: 600,
    });
    expect(parent.policy).toEqual([{ effect: 'allow', actions: ['orders:*'], resources: ['*'] }]);
    const child = await call(server, 'POST', '/v1/tokens', {
      token: parent.secret,
      body: { scopes: ['orders:read'], ttl: 60 },
    });
    expectStatus(child, 201);
    // Whatever the child may do, the parent may do.
    expect((await verify({ token: child.body.secret, action: 'orders:read' })).body.code).toBe('valid');
    expect((await verify({ token: parent.secret, action: 'orders:read' })).body.code).toBe('valid');
  });

  it('service tokens are not each other’s own: a writer service token cannot change an owner-made one', async () => {
    const strong = await createToken(server, server.ownerToken, {
      service: true,
      role: 'owner',
      name: 'svc-strong',
    });
    const weak = await createToken(server, server.ownerToken, {
      service: true,
      role: 'writer',
      name: 'svc-weak',
    });
    expectStatus(await call(server, 'GET', `/v1/tokens/${strong.id}`, { token: weak.secret }), 200);
    for (const [method, path, body] of [
      ['PATCH', `/v1/tokens/${strong.id}`, { is_active: false }],
      ['DELETE', `/v1/tokens/${strong.id}`, undefined],
    ] as const) {
      expectStatus(
        await call(server, method, path, { token: weak.secret, body }),
        403,
        'forbidden',
        `${method}`,
      );
    }
    expect((await verify({ token: strong.secret })).body.code).toBe('valid');
    const personal = await call(server, 'POST', '/v1/tokens', {
      token: weak.secret,
      body: { service: false, ttl: 60 },
    });
    expectStatus(personal, 400, 'invalid_request');
  });

  it('a narrow token of a member cannot switch back on, or rewrite, a wider token of the same member', async () => {
    const wide = await createToken(server, server.ownerToken, { role: 'admin', ttl: 600 });
    await call(server, 'PATCH', `/v1/tokens/${wide.id}`, {
      token: server.ownerToken,
      body: { is_active: false },
    });
    const narrow = await createToken(server, server.ownerToken, {
      scopes: ['tokens:write', 'tokens:read'],
      ttl: 60,
    });
    expectStatus(
      await call(server, 'PATCH', `/v1/tokens/${wide.id}`, {
        token: narrow.secret,
        body: { is_active: true },
      }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'PATCH', `/v1/tokens/${wide.id}`, {
        token: narrow.secret,
        body: { metadata: { tier: 'gold' } },
      }),
      403,
      'forbidden',
    );
    expect((await verify({ token: wide.secret })).body.code).toBe('disabled');
  });

  it('If-Match compares strongly: a weak tag never matches', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    const etag = (
      await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken })
    ).headers.get('etag')!;
    const weak = await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
      token: server.ownerToken,
      body: { description: 'x' },
      headers: { 'if-match': `W/${etag}` },
    });
    expectStatus(weak, 412, 'precondition_failed');
    const strong = await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
      token: server.ownerToken,
      body: { description: 'x' },
      headers: { 'if-match': etag },
    });
    expectStatus(strong, 200);
  });
});
