// Tenant isolation as a property: for random ordered pairs of tenants (A, B), every route that takes an
// id or key answers 404 to B for A's object, and nothing of A changes.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

interface TenantObjects {
  readonly tenantId: string;
  readonly owner: string;
  readonly tokenId: string;
  readonly tokenSecret: string;
  readonly memberId: string;
  readonly key: string;
}

const tenants: TenantObjects[] = [];

beforeAll(async () => {
  for (let index = 0; index < 4; index++) {
    const { tenantId, ownerSecret } = await addTenant(server, server.ownerToken, `iso-${index}`);
    const key = `k${index}`;
    await call(server, 'POST', '/v1/roles', { token: ownerSecret, body: { key, name: key, policy: [] } });
    await call(server, 'POST', '/v1/spaces', { token: ownerSecret, body: { key, name: key } });
    const token = await createToken(server, ownerSecret, { ttl: 3600 });
    const member = await addMember(server, ownerSecret, 'reader');
    tenants.push({
      tenantId,
      owner: ownerSecret,
      tokenId: token.id,
      tokenSecret: token.secret,
      memberId: member.member.id,
      key,
    });
  }
});

function routesFor(a: TenantObjects): [string, string, unknown][] {
  return [
    ['GET', `/v1/tokens/${a.tokenId}`, undefined],
    ['PATCH', `/v1/tokens/${a.tokenId}`, { description: 'x' }],
    ['POST', `/v1/tokens/${a.tokenId}/rotate`, undefined],
    ['POST', `/v1/tokens/${a.tokenId}/reset`, undefined],
    ['DELETE', `/v1/tokens/${a.tokenId}`, undefined],
    ['POST', '/v1/tokens/lookup', { secret: a.tokenSecret }],
    ['GET', `/v1/members/${a.memberId}`, undefined],
    ['PATCH', `/v1/members/${a.memberId}`, { role: 'writer' }],
    ['DELETE', `/v1/members/${a.memberId}`, undefined],
    ['GET', `/v1/roles/${a.key}`, undefined],
    ['PATCH', `/v1/roles/${a.key}`, { name: 'x' }],
    ['DELETE', `/v1/roles/${a.key}`, undefined],
    ['GET', `/v1/spaces/${a.key}`, undefined],
    ['PATCH', `/v1/spaces/${a.key}`, { name: 'x' }],
    ['DELETE', `/v1/spaces/${a.key}`, undefined],
    ['GET', `/v1/tenants/${a.tenantId}/tokens`, undefined],
  ];
}

describe('tenant isolation (property)', () => {
  it("for random pairs of tenants, every id route is a 404 for the other tenant's objects", async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(3), fc.nat(2), async (aIndex, offset) => {
        const a = tenants[aIndex]!;
        const b = tenants[(aIndex + 1 + offset) % tenants.length]!;
        for (const [method, path, body] of routesFor(a)) {
          const answer = await call(server, method, path, { token: b.owner, body });
          requests++;
          expectStatus(answer, 404, 'not_found', `${method} ${path}`);
        }
        const stillThere = await call(server, 'GET', `/v1/tokens/${a.tokenId}`, { token: a.owner });
        expect(stillThere.body).toMatchObject({ revoked_at: null, description: null });
        expect((await call(server, 'POST', '/v1/verify', { body: { token: a.tokenSecret } })).body.code).toBe(
          'valid',
        );
      }),
      { numRuns: 20 },
    );
    console.info(`tenant isolation: ${requests} cross-tenant requests, all 404`);
  });
});
