// Custom roles, spaces, token kinds, policies and allowed CIDRs over HTTP, and every escalation
// attempt the authorization issue lists: each a 403 that changes nothing.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const verify = (body: Record<string, unknown>) => call(server, 'POST', '/v1/verify', { body });
const readOrders = [{ effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] }];

describe('custom roles', () => {
  it('CRUD for admins; a token names roles by key; a role edit applies at once; a role in use cannot go', async () => {
    const created = await call(server, 'POST', '/v1/roles', {
      token: server.ownerToken,
      body: { key: 'order-reader', name: 'Order reader', policy: readOrders },
    });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ key: 'order-reader', policy: readOrders });
    expectStatus(
      await call(server, 'POST', '/v1/roles', {
        token: server.ownerToken,
        body: { key: 'order-reader', name: 'x', policy: [] },
      }),
      409,
      'conflict',
    );

    const token = await createToken(server, server.ownerToken, { custom_roles: ['order-reader'], ttl: 600 });
    expect(token).toMatchObject({ custom_roles: ['order-reader'], role: null });
    expect(
      (await verify({ token: token.secret, action: 'orders:read', resource: 'orders/7' })).body,
    ).toMatchObject({
      valid: true,
      decision: { effect: 'allow', source: 'custom_role', match: 'orders:read' },
    });
    expect(
      (await verify({ token: token.secret, action: 'orders:write', resource: 'orders/7' })).body.code,
    ).toBe('forbidden');

    const edited = await call(server, 'PATCH', '/v1/roles/order-reader', {
      token: server.ownerToken,
      body: {
        policy: [...readOrders, { effect: 'allow', actions: ['orders:write'], resources: ['orders/*'] }],
      },
    });
    expectStatus(edited, 200);
    expect(
      (await verify({ token: token.secret, action: 'orders:write', resource: 'orders/7' })).body.code,
    ).toBe('valid');

    expectStatus(
      await call(server, 'DELETE', '/v1/roles/order-reader', { token: server.ownerToken }),
      409,
      'conflict',
    );
    await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expectStatus(await call(server, 'DELETE', '/v1/roles/order-reader', { token: server.ownerToken }), 204);
    expectStatus(
      await call(server, 'GET', '/v1/roles/order-reader', { token: server.ownerToken }),
      404,
      'not_found',
    );
  });

  it('writers read roles but cannot write them; bad policies and unknown roles are 400', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    expectStatus(await call(server, 'GET', '/v1/roles', { token: writer.secret }), 200);
    expectStatus(
      await call(server, 'POST', '/v1/roles', {
        token: writer.secret,
        body: { key: 'x', name: 'x', policy: [] },
      }),
      403,
      'forbidden',
    );
    for (const policy of [
      [{ effect: 'maybe', actions: ['*'], resources: ['*'] }],
      [{ effect: 'allow', resources: ['*'] }],
      [{ effect: 'allow', actions: ['*'], resources: ['*'], not_resources: ['x'] }],
      [{ effect: 'allow', actions: ['a b'], resources: ['*'] }],
    ]) {
      const answer = await call(server, 'POST', '/v1/roles', {
        token: server.ownerToken,
        body: { key: 'bad', name: 'bad', policy },
      });
      expectStatus(answer, 400, 'invalid_request', JSON.stringify(policy));
    }
    const unknown = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      body: { custom_roles: ['nope'], ttl: 60 },
    });
    expectStatus(unknown, 400, 'invalid_request');
  });
});

describe('inline policies', () => {
  it('an inline policy allows what it lists, and its deny wins over the role', async () => {
    const token = await createToken(server, server.ownerToken, {
      role: 'reader',
      policy: [
        { effect: 'allow', actions: ['orders:write'], resources: ['orders/*'] },
        { effect: 'deny', actions: ['orders:read'], resources: ['orders/secret'] },
      ],
      ttl: 600,
    });
    expect(token.policy).toHaveLength(2);
    expect(
      (await verify({ token: token.secret, action: 'orders:write', resource: 'orders/1' })).body.decision,
    ).toEqual({
      effect: 'allow',
      source: 'policy',
      match: 'orders:write',
    });
    expect(
      (await verify({ token: token.secret, action: 'orders:read', resource: 'orders/1' })).body.decision
        .source,
    ).toBe('role');
    expect(
      (await verify({ token: token.secret, action: 'orders:read', resource: 'orders/secret' })).body,
    ).toMatchObject({
      code: 'forbidden',
      decision: { effect: 'deny', source: 'policy', match: 'orders:read' },
    });
  });
});

describe('spaces and kinds', () => {
  it('a space token acts only inside its space and mints only into it; a manager token only manages', async () => {
    expectStatus(
      await call(server, 'POST', '/v1/spaces', {
        token: server.ownerToken,
        body: { key: 'eu', name: 'Europe' },
      }),
      201,
    );
    await call(server, 'POST', '/v1/spaces', { token: server.ownerToken, body: { key: 'us', name: 'US' } });
    const spaceToken = await createToken(server, server.ownerToken, {
      kind: 'space',
      space: 'eu',
      role: 'writer',
      ttl: 600,
    });
    expect(spaceToken).toMatchObject({ kind: 'space', space: 'eu' });
    expect(
      (await verify({ token: spaceToken.secret, action: 'orders:write', resource: 'spaces/eu/orders/1' }))
        .body.code,
    ).toBe('valid');
    expect(
      (await verify({ token: spaceToken.secret, action: 'orders:write', resource: 'spaces/us/orders/1' }))
        .body.code,
    ).toBe('forbidden');
    const child = await createToken(server, spaceToken.secret, { role: 'reader', ttl: 60 });
    expect(child).toMatchObject({ kind: 'space', space: 'eu' });
    expectStatus(
      await call(server, 'POST', '/v1/tokens', {
        token: spaceToken.secret,
        body: { kind: 'space', space: 'us', ttl: 60 },
      }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'DELETE', '/v1/spaces/eu', { token: server.ownerToken }),
      409,
      'conflict',
    );

    const manager = await createToken(server, server.ownerToken, {
      kind: 'manager',
      role: 'admin',
      ttl: 600,
    });
    expectStatus(await call(server, 'GET', '/v1/tokens', { token: manager.secret }), 200);
    expectStatus(await call(server, 'GET', '/v1/audit-events', { token: manager.secret }), 403, 'forbidden');
    expect((await verify({ token: manager.secret, action: 'orders:read' })).body.code).toBe('forbidden');
    const minted = await call(server, 'POST', '/v1/tokens', {
      token: manager.secret,
      body: { kind: 'account', ttl: 60 },
    });
    expectStatus(minted, 403, 'forbidden');
  });

  it('space rules: a space token names an existing space; other kinds name none', async () => {
    for (const body of [
      { kind: 'space', ttl: 60 },
      { kind: 'space', space: 'nowhere', ttl: 60 },
      { kind: 'account', space: 'eu', ttl: 60 },
    ]) {
      expectStatus(
        await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, body }),
        400,
        'invalid_request',
        JSON.stringify(body),
      );
    }
  });
});

describe('allowed CIDRs', () => {
  it('verify needs an ip inside the blocks; the API checks the connection address with the same 401', async () => {
    const remote = await createToken(server, server.ownerToken, {
      allowed_cidrs: ['10.0.0.0/8', '2001:db8::/32'],
      ttl: 600,
    });
    expect((await verify({ token: remote.secret })).body.code).toBe('forbidden');
    expect((await verify({ token: remote.secret, ip: '10.1.2.3' })).body.code).toBe('valid');
    expect((await verify({ token: remote.secret, ip: '2001:db8::1' })).body.code).toBe('valid');
    expect((await verify({ token: remote.secret, ip: '192.168.0.1' })).body.code).toBe('forbidden');
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: remote.secret }), 401, 'unauthorized');
    const local = await createToken(server, server.ownerToken, { allowed_cidrs: ['127.0.0.1/32'], ttl: 600 });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: local.secret }), 200);
    // Its children stay confined: none may drop or widen the list.
    expectStatus(
      await call(server, 'POST', '/v1/tokens', {
        token: local.secret,
        body: { allowed_cidrs: ['0.0.0.0/0'], ttl: 60 },
      }),
      403,
      'forbidden',
    );
    const child = await createToken(server, local.secret, { ttl: 60 });
    expect(child.allowed_cidrs).toEqual(['127.0.0.1/32']);
    for (const cidrs of [['10.0.0.0/33'], ['nope'], []]) {
      expectStatus(
        await call(server, 'POST', '/v1/tokens', {
          token: server.ownerToken,
          body: { allowed_cidrs: cidrs, ttl: 60 },
        }),
        400,
        'invalid_request',
      );
    }
  });
});

describe('no escalation', () => {
  it('each attempt is a 403 that names what is missing and changes nothing', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    await call(server, 'POST', '/v1/spaces', {
      token: server.ownerToken,
      body: { key: 'apac', name: 'APAC' },
    });
    const scoped = await createToken(server, writer.secret, {
      scopes: ['orders:*', 'tokens:write'],
      policy: readOrders,
      ttl: 600,
    });
    const expiring = await createToken(server, writer.secret, { role: 'writer', ttl: 600 });
    const spaced = await createToken(server, server.ownerToken, {
      kind: 'space',
      space: 'apac',
      role: 'writer',
      ttl: 600,
    });
    const manager = await createToken(server, server.ownerToken, {
      kind: 'manager',
      role: 'admin',
      ttl: 600,
    });
    const attempts: [string, string, string, unknown][] = [
      ['wider scope', scoped.secret, 'POST', { scopes: ['users:read'], ttl: 60 }],
      [
        'wider policy',
        scoped.secret,
        'POST',
        { policy: [{ effect: 'allow', actions: ['users:*'], resources: ['*'] }], ttl: 60 },
      ],
      ['other space', spaced.secret, 'POST', { kind: 'space', space: 'eu', ttl: 60 }],
      ['longer expiry', expiring.secret, 'POST', { ttl: 6000 }],
      ['permanent from expiring', expiring.secret, 'POST', { role: 'reader' }],
      ['manager minting account', manager.secret, 'POST', { kind: 'account', role: 'reader', ttl: 60 }],
      ['role above the member', writer.secret, 'POST', { role: 'admin', ttl: 60 }],
    ];
    const before = await snapshot(server);
    for (const [name, token, method, body] of attempts) {
      const answer = await call(server, method, '/v1/tokens', { token, body });
      expectStatus(answer, 403, 'forbidden', name);
    }
    const widenByPatch = await call(server, 'PATCH', `/v1/tokens/${scoped.id}`, {
      token: scoped.secret,
      body: { scopes: ['*'] },
    });
    expectStatus(widenByPatch, 403, 'forbidden');
    const widenPolicy = await call(server, 'PATCH', `/v1/tokens/${scoped.id}`, {
      token: scoped.secret,
      body: { policy: [{ effect: 'allow', actions: ['*'], resources: ['*'] }] },
    });
    expectStatus(widenPolicy, 403, 'forbidden');
    expect(await snapshot(server)).toEqual(before);
  });
});

describe('tenant isolation of the authorization routes', () => {
  it("another tenant's roles, spaces and members are 404 on every route that takes a key or id", async () => {
    await call(server, 'POST', '/v1/roles', {
      token: server.ownerToken,
      body: { key: 'mine', name: 'Mine', policy: readOrders },
    });
    await call(server, 'POST', '/v1/spaces', {
      token: server.ownerToken,
      body: { key: 'mine', name: 'Mine' },
    });
    const member = await addMember(server, server.ownerToken, 'reader');
    const other = await addTenant(server, server.ownerToken, 'isolated');
    const before = await snapshot(server);
    for (const [method, path, body] of [
      ['GET', '/v1/roles/mine', undefined],
      ['PATCH', '/v1/roles/mine', { name: 'stolen' }],
      ['DELETE', '/v1/roles/mine', undefined],
      ['GET', '/v1/spaces/mine', undefined],
      ['PATCH', '/v1/spaces/mine', { name: 'stolen' }],
      ['DELETE', '/v1/spaces/mine', undefined],
      ['PATCH', `/v1/members/${member.member.id}`, { role: 'owner' }],
      ['DELETE', `/v1/members/${member.member.id}`, undefined],
    ] as const) {
      const answer = await call(server, method, path, { token: other.ownerSecret, body });
      expectStatus(answer, 404, 'not_found', `${method} ${path}`);
    }
    expect(await snapshot(server)).toEqual(before);
    expectStatus(
      await call(server, 'POST', '/v1/tokens', {
        token: other.ownerSecret,
        body: { custom_roles: ['mine'], ttl: 60 },
      }),
      400,
      'invalid_request',
    );
  });
});
