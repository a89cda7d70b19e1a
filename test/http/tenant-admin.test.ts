// Operators and a tenant's whole life (issue 20, items 15, 16 and 20): the token policy a tenant's
// creates and expiry changes must keep to, reading one tenant with its live tokens per key version,
// and deleting a tenant (every token revoked, the audit trail kept).
import { beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();
let tenantId: string;
let ownerSecret: string;

beforeAll(async () => {
  ({ tenantId, ownerSecret } = await addTenant(server, server.ownerToken, 'policy-tenant'));
});

const setPolicy = (policy: Record<string, unknown> | null) =>
  call(server, 'PATCH', `/v1/tenants/${tenantId}`, {
    token: server.ownerToken,
    body: { token_policy: policy },
  });

const create = (body: Record<string, unknown>, token = ownerSecret) =>
  call(server, 'POST', '/v1/tokens', { token, body });

describe('token policy', () => {
  it('is set, read back with its defaults, audited, and removed with null', async () => {
    const set = await setPolicy({ max_lifetime_seconds: 86_400 });
    expectStatus(set, 200);
    expect(set.body.token_policy).toEqual({
      max_lifetime_seconds: 86_400,
      default_ttl_seconds: null,
      require_expiry: false,
      // A maximum lifetime means every token ends unless permanent ones are let through.
      allow_permanent: false,
    });
    const read = await call(server, 'GET', `/v1/tenants/${tenantId}`, { token: server.ownerToken });
    expect(read.body.tenant.token_policy).toEqual(set.body.token_policy);
    const audit = await call(
      server,
      'GET',
      `/v1/audit-events?action=tenant.token_policy&target_id=${tenantId}`,
      {
        token: server.ownerToken,
      },
    );
    expect(audit.body.data[0].details.token_policy.max_lifetime_seconds).toBe(86_400);
    expect((await setPolicy(null)).body.token_policy).toBeNull();
  });

  it('creates and expiry patches outside it are a 403 naming the rule; inside it they pass', async () => {
    expectStatus(
      await setPolicy({ max_lifetime_seconds: 86_400, default_ttl_seconds: 3_600, require_expiry: false }),
      200,
    );
    const table: { body: Record<string, unknown>; refused: string | null; ttl?: number }[] = [
      { body: { name: 'p-ok', ttl: 600 }, refused: null, ttl: 600 },
      { body: { name: 'p-max', ttl: 86_400 }, refused: null, ttl: 86_400 },
      { body: { name: 'p-long', ttl: 86_401 }, refused: 'at most 86400 seconds' },
      { body: { name: 'p-perm', lifetime: 'permanent' }, refused: 'does not allow permanent tokens' },
      // Naming nothing gets the policy's default instead of the native permanent api token.
      { body: { name: 'p-default' }, refused: null, ttl: 3_600 },
      // A session's native 30 minutes is shorter than the default: it stays.
      { body: { name: 'p-session', type: 'session' }, refused: null, ttl: 1_800 },
      { body: { name: 'p-temp', lifetime: 'temporary' }, refused: null, ttl: 86_400 },
      {
        body: { name: 'p-at', expires_at: new Date(Date.now() + 2 * 86_400_000).toISOString() },
        refused: 'at most 86400 seconds',
      },
    ];
    const reached = { allowed: 0, refused: 0 };
    for (const row of table) {
      const answer = await create(row.body);
      if (row.refused === null) {
        expectStatus(answer, 201);
        reached.allowed++;
        const lifetimeS = (Date.parse(answer.body.expires_at) - Date.parse(answer.body.created_at)) / 1000;
        expect(lifetimeS, row.body.name as string).toBe(row.ttl);
      } else {
        expectStatus(answer, 403, 'token_policy_violation');
        expect(answer.body.detail).toContain(row.refused);
        reached.refused++;
      }
    }
    console.log(`token policy on create: ${reached.allowed} allowed, ${reached.refused} refused`);
    expect(reached.allowed).toBeGreaterThanOrEqual(4);
    expect(reached.refused).toBeGreaterThanOrEqual(3);
    const names = (
      await call(server, 'GET', '/v1/tokens?name_prefix=p-&per_page=100', { token: ownerSecret })
    ).body.data
      .map((token: { name: string }) => token.name)
      .sort();
    expect(names).toEqual(['p-default', 'p-max', 'p-ok', 'p-session', 'p-temp']);

    const token = await createToken(server, ownerSecret, { name: 'p-patch', ttl: 60 });
    const patch = (expires_at: string | null) =>
      call(server, 'PATCH', `/v1/tokens/${token.id}`, { token: ownerSecret, body: { expires_at } });
    expectStatus(await patch(null), 403, 'token_policy_violation');
    expectStatus(
      await patch(new Date(Date.now() + 3 * 86_400_000).toISOString()),
      403,
      'token_policy_violation',
    );
    const inside = await patch(new Date(Date.now() + 3_600_000).toISOString());
    expectStatus(inside, 200);
    // Other fields of a token are not re-judged: only a change of expiry is.
    expectStatus(
      await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
        token: ownerSecret,
        body: { name: 'p-renamed' },
      }),
      200,
    );
  });

  it('require_expiry refuses a create that names no expiry; allow_permanent lets permanent ones through', async () => {
    expectStatus(await setPolicy({ require_expiry: true }), 200);
    expectStatus(await create({ name: 'r-none' }), 403, 'token_policy_violation');
    expectStatus(await create({ name: 'r-ttl', ttl: 600 }), 201);
    expectStatus(await create({ name: 'r-perm', lifetime: 'permanent' }), 201);
    expectStatus(await setPolicy({ max_lifetime_seconds: 600, allow_permanent: true }), 200);
    expectStatus(await create({ name: 'r-perm2', lifetime: 'permanent' }), 201);
    expectStatus(await create({ name: 'r-long', ttl: 601 }), 403, 'token_policy_violation');
    await setPolicy(null);
  });

  it('a policy that contradicts itself, or an unknown field, is a 400 that changes nothing', async () => {
    expectStatus(await setPolicy({ max_lifetime_seconds: 600 }), 200);
    for (const policy of [
      { max_lifetime_seconds: 600, default_ttl_seconds: 601 },
      { max_lifetime_seconds: 10 },
      { max_lifetime_seconds: 'long' },
      { lifetime: 5 },
    ]) {
      const answer = await setPolicy(policy);
      expect(answer.status, JSON.stringify(policy)).toBe(400);
    }
    const read = await call(server, 'GET', `/v1/tenants/${tenantId}`, { token: server.ownerToken });
    expect(read.body.tenant.token_policy.max_lifetime_seconds).toBe(600);
    expectStatus(
      await call(server, 'PATCH', `/v1/tenants/${tenantId}`, { token: server.ownerToken, body: {} }),
      400,
    );
    await setPolicy(null);
  });

  it('only operators set it: the tenant’s own owner is told who may', async () => {
    const answer = await call(server, 'PATCH', `/v1/tenants/${tenantId}`, {
      token: ownerSecret,
      body: { token_policy: { max_lifetime_seconds: 600 } },
    });
    expectStatus(answer, 403, 'forbidden');
    expect(answer.body.detail).toContain('operator tenant');
  });
});

describe('GET /v1/tenants/{id}', () => {
  it('shows the live tokens per key version, counting neither revoked nor expired ones', async () => {
    const { tenantId: id, ownerSecret: secret } = await addTenant(server, server.ownerToken, 'counted');
    const keyCount = async () =>
      (await call(server, 'GET', `/v1/tenants/${id}`, { token: server.ownerToken })).body.key_versions;
    const version = server.running.deps.keys.current.version;
    // The tenant's first owner token.
    expect(await keyCount()).toEqual([{ version, live_tokens: 1 }]);
    const made = await createToken(server, secret, { ttl: 600 });
    await createToken(server, secret, { ttl: 600 });
    expect(await keyCount()).toEqual([{ version, live_tokens: 3 }]);
    expectStatus(await call(server, 'DELETE', `/v1/tokens/${made.id}`, { token: secret }), 204);
    expect(await keyCount()).toEqual([{ version, live_tokens: 2 }]);
    expectStatus(await call(server, 'GET', '/v1/tenants/ten_nope', { token: server.ownerToken }), 404);
    expectStatus(await call(server, 'GET', `/v1/tenants/${id}`, { token: secret }), 403);
  });

  it('/metrics shows the live tokens per key version across the installation', async () => {
    const metrics = await call(server, 'GET', '/metrics');
    const version = server.running.deps.keys.current.version;
    expect(metrics.text).toMatch(
      new RegExp(`^tessera_live_tokens_by_key_version\\{version="${version}"\\} [1-9]\\d*$`, 'm'),
    );
  });
});

describe('DELETE /v1/tenants/{id}', () => {
  it('revokes every token in it, reads as gone after, and keeps its audit trail', async () => {
    const { tenantId: id, ownerSecret: secret } = await addTenant(server, server.ownerToken, 'doomed');
    const member = await addMember(server, secret, 'writer');
    const made = await createToken(server, member.secret, { ttl: 600 });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: made.secret }), 200);
    const store = server.running.deps.store;

    const deleted = await call(server, 'DELETE', `/v1/tenants/${id}`, { token: server.ownerToken });
    expectStatus(deleted, 200);
    expect(deleted.body).toEqual({ revoked: 3 });
    for (const token of [secret, member.secret, made.secret]) {
      expectStatus(await call(server, 'GET', '/v1/tokens/self', { token }), 401);
      const verified = await call(server, 'POST', '/v1/verify', { body: { token } });
      expect(verified.body.valid).toBe(false);
    }
    const stored = await store.findToken(id, made.id);
    expect(stored).toMatchObject({ revokedReason: 'tenant_deleted' });
    expect(stored!.revokedAtMs).not.toBeNull();
    expectStatus(await call(server, 'GET', `/v1/tenants/${id}`, { token: server.ownerToken }), 404);
    expectStatus(await call(server, 'DELETE', `/v1/tenants/${id}`, { token: server.ownerToken }), 404);
    const listed = await call(server, 'GET', '/v1/tenants?per_page=100', { token: server.ownerToken });
    expect(listed.body.data.map((tenant: { id: string }) => tenant.id)).not.toContain(id);
    // The tenant's own trail stays, ending with its deletion; the operator's records it too.
    const trail = await store.listAuditEvents(id, 100, 0);
    expect(trail.items.map((event) => event.action)).toContain('tenant.delete');
    expect(trail.items.map((event) => event.action)).toContain('token.create');
    const operatorTrail = await call(server, 'GET', `/v1/audit-events?action=tenant.delete&target_id=${id}`, {
      token: server.ownerToken,
    });
    expect(operatorTrail.body.data[0].details).toMatchObject({ name: 'doomed', revoked_tokens: 3 });
  });

  it('the operator tenant cannot be deleted, and a non-operator may not delete', async () => {
    const operatorTenant = (await server.running.deps.store.findBootstrapTenantId())!;
    expectStatus(
      await call(server, 'DELETE', `/v1/tenants/${operatorTenant}`, { token: server.ownerToken }),
      409,
      'conflict',
    );
    const { tenantId: id, ownerSecret: secret } = await addTenant(server, server.ownerToken, 'kept');
    expectStatus(await call(server, 'DELETE', `/v1/tenants/${id}`, { token: secret }), 403);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: secret }), 200);
  });
});
