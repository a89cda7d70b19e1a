// POST /v1/verify: always 200 with the reason, SPEC's code order, the summary a resource server needs.
import { describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });

const verify = (body: unknown) => call(server, 'POST', '/v1/verify', { body });

describe('POST /v1/verify', () => {
  it('valid: the token summary, permissions, remaining and no decision', async () => {
    const token = await createToken(server, server.ownerToken, {
      name: 'svc',
      scopes: ['orders:read'],
      ttl: 60,
      metadata: { a: 1 },
    });
    const answer = await verify({ token: token.secret });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({
      valid: true,
      code: 'valid',
      token: {
        id: token.id,
        name: 'svc',
        type: 'api',
        kind: 'account',
        tenant_id: token.tenant_id,
        owner_id: token.owner_id,
        service: false,
        space: null,
        expires_at: token.expires_at,
        metadata: { a: 1 },
      },
      permissions: {
        role: null,
        effective_role: null,
        scopes: ['orders:read'],
        policy: null,
        custom_roles: null,
      },
      ratelimit: null,
      remaining: null,
      decision: null,
    });
    expect(answer.text).not.toContain(token.secret);
  });

  it('with an action: allowed by the matching scope, forbidden otherwise', async () => {
    const token = await createToken(server, server.ownerToken, {
      name: 'scoped',
      scopes: ['orders:*'],
      ttl: 60,
    });
    const allowed = await verify({ token: token.secret, action: 'orders:read', resource: 'orders/1' });
    expect(allowed.body).toMatchObject({
      valid: true,
      code: 'valid',
      decision: { effect: 'allow', source: 'scope', match: 'orders:*' },
    });
    const refused = await verify({ token: token.secret, action: 'users:read' });
    expect(refused.body).toMatchObject({ valid: false, code: 'forbidden', decision: { effect: 'deny' } });
    const byRole = await createToken(server, server.ownerToken, { name: 'reader', role: 'reader', ttl: 60 });
    expect((await verify({ token: byRole.secret, action: 'orders:read' })).body.decision).toEqual({
      effect: 'allow',
      source: 'role',
      match: '*:read',
    });
    expect((await verify({ token: byRole.secret, action: 'orders:write' })).body.code).toBe('forbidden');
  });

  it('names what refused: null when nothing matched, space or kind when they confine the token', async () => {
    const noRole = await createToken(server, server.ownerToken, {
      name: 'scoped',
      scopes: ['orders:read'],
      ttl: 60,
    });
    expect((await verify({ token: noRole.secret, action: 'users:read' })).body.decision).toEqual({
      effect: 'deny',
      source: null,
      match: null,
    });
    const space = await call(server, 'POST', '/v1/spaces', {
      token: server.ownerToken,
      body: { key: 'verify-space', name: 'Verify space' },
    });
    expect(space.status, space.text).toBe(201);
    const confined = await createToken(server, server.ownerToken, {
      name: 'in-a-space',
      kind: 'space',
      space: 'verify-space',
      role: 'reader',
      ttl: 60,
    });
    const outside = await verify({ token: confined.secret, action: 'orders:read', resource: 'orders/1' });
    expect(outside.body).toMatchObject({
      code: 'forbidden',
      decision: { effect: 'deny', source: 'space', match: null },
    });
    const inside = await verify({
      token: confined.secret,
      action: 'orders:read',
      resource: 'spaces/verify-space/orders/1',
    });
    expect(inside.body.decision).toMatchObject({ effect: 'allow', source: 'role' });
    const manager = await createToken(server, server.ownerToken, {
      name: 'manager',
      kind: 'manager',
      role: 'admin',
      ttl: 60,
    });
    expect((await verify({ token: manager.secret, action: 'orders:read' })).body.decision).toEqual({
      effect: 'deny',
      source: 'kind',
      match: null,
    });
    expect((await verify({ token: manager.secret, action: 'tokens:read' })).body.decision.effect).toBe(
      'allow',
    );
  });

  it('malformed and not_found carry no token; revoked, expired, not_yet_valid do', async () => {
    expect((await verify({ token: 'nope' })).body).toMatchObject({
      valid: false,
      code: 'malformed',
      token: null,
      permissions: null,
    });
    const unknown = formatSecret('api', 0, new Uint8Array(32).fill(1));
    expect((await verify({ token: unknown })).body).toMatchObject({
      valid: false,
      code: 'not_found',
      token: null,
    });
    const otherVersion = formatSecret('api', 7, new Uint8Array(32).fill(1));
    expect((await verify({ token: otherVersion })).body.code).toBe('not_found');

    const revoked = await createToken(server, server.ownerToken, { name: 'r', ttl: 60 });
    await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken });
    expect((await verify({ token: revoked.secret })).body).toMatchObject({
      valid: false,
      code: 'revoked',
      token: { id: revoked.id },
    });
  });

  it('SPEC order: revoked before disabled before expired before not_yet_valid', async () => {
    const start = clock.nowMs();
    const tenant = await addTenant(server, server.ownerToken, 'order');
    const revokedInSuspended = await createToken(server, tenant.ownerSecret, { name: 'r', ttl: 10 });
    const inactiveExpired = await createToken(server, tenant.ownerSecret, { name: 'i', ttl: 10 });
    const expiredNotYet = await createToken(server, server.ownerToken, {
      name: 'window',
      ttl: 10,
      not_before: new Date(start + 5000).toISOString(),
    });
    await call(server, 'DELETE', `/v1/tokens/${revokedInSuspended.id}`, { token: tenant.ownerSecret });
    const patched = await call(server, 'PATCH', `/v1/tokens/${inactiveExpired.id}`, {
      token: tenant.ownerSecret,
      body: { is_active: false },
    });
    expectStatus(patched, 200);
    await call(server, 'PATCH', `/v1/tenants/${tenant.tenantId}`, {
      token: server.ownerToken,
      body: { suspended: true },
    });
    clock.set(start + 20_000);
    expect((await verify({ token: revokedInSuspended.secret })).body.code).toBe('revoked');
    expect((await verify({ token: inactiveExpired.secret })).body.code).toBe('disabled');
    expect((await verify({ token: expiredNotYet.secret })).body.code).toBe('expired');
    clock.set(start + 1000);
    expect((await verify({ token: expiredNotYet.secret })).body.code).toBe('not_yet_valid');
    clock.set(start);
  });

  it('a revoked token stays revoked when the clock steps back', async () => {
    const start = clock.nowMs();
    const token = await createToken(server, server.ownerToken, { name: 'final', ttl: 600 });
    await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    clock.set(start - 60_000);
    expect((await verify({ token: token.secret })).body.code).toBe('revoked');
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 401, 'unauthorized');
    clock.set(start);
  });

  it('disabled: a suspended tenant stops at once, and resumes when unsuspended', async () => {
    const tenant = await addTenant(server, server.ownerToken, 'suspend-me');
    expect((await verify({ token: tenant.ownerSecret })).body.code).toBe('valid');
    const suspend = await call(server, 'PATCH', `/v1/tenants/${tenant.tenantId}`, {
      token: server.ownerToken,
      body: { suspended: true },
    });
    expectStatus(suspend, 200);
    expect(suspend.body.suspended).toBe(true);
    expect((await verify({ token: tenant.ownerSecret })).body.code).toBe('disabled');
    expectStatus(
      await call(server, 'GET', '/v1/tokens/self', { token: tenant.ownerSecret }),
      401,
      'unauthorized',
    );
    await call(server, 'PATCH', `/v1/tenants/${tenant.tenantId}`, {
      token: server.ownerToken,
      body: { suspended: false },
    });
    expect((await verify({ token: tenant.ownerSecret })).body.code).toBe('valid');
  });

  it('needs no Authorization header, and refuses any other body shape with 400', async () => {
    for (const body of [{}, { token: 1 }, { token: 'x', extra: true }, ['x'], { token: 'x'.repeat(2000) }]) {
      const answer = await verify(body);
      expectStatus(answer, 400, undefined, JSON.stringify(body).slice(0, 40));
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
