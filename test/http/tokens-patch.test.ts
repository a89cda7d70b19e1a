// PATCH /v1/tokens/{id}: merge patch and JSON Patch, ETag and If-Match, immutable fields, no widening.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const patch = (id: string, body: unknown, headers: Record<string, string> = {}, token = server.ownerToken) =>
  call(server, 'PATCH', `/v1/tokens/${id}`, {
    token,
    rawBody: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
const jsonPatch = (id: string, operations: unknown, headers: Record<string, string> = {}) =>
  patch(id, operations, { 'content-type': 'application/json-patch+json', ...headers });

describe('merge patch', () => {
  it('changes mutable fields, bumps the ETag, answers the token, and audits the fields', async () => {
    const token = await createToken(server, server.ownerToken, {
      name: 'before',
      ttl: 600,
      metadata: { keep: 1, drop: 2 },
    });
    const read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    const etag = read.headers.get('etag')!;
    const answer = await patch(
      token.id,
      {
        name: 'after',
        description: 'now described',
        is_active: false,
        metadata: { drop: null, added: true },
        default_api_version: 2,
      },
      { 'content-type': 'application/merge-patch+json', 'if-match': etag },
    );
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({
      name: 'after',
      description: 'now described',
      is_active: false,
      metadata: { keep: 1, added: true },
      default_api_version: 2,
    });
    expect(answer.headers.get('etag')).not.toBe(etag);
    expect((await call(server, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code).toBe(
      'disabled',
    );
    const trail = await call(server, 'GET', '/v1/audit-events?limit=1', { token: server.ownerToken });
    expect(trail.body.data[0]).toMatchObject({ action: 'token.update', target_id: token.id });
    expect(trail.body.data[0].details.fields.sort()).toEqual([
      'default_api_version',
      'description',
      'is_active',
      'metadata',
      'name',
    ]);
  });

  it('NeuroIO is_active switches a token off and on again', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    await patch(token.id, { is_active: false });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 401, 'unauthorized');
    await patch(token.id, { is_active: true });
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: token.secret }), 200);
  });
});

describe('JSON Patch (RFC 6902)', () => {
  it('add, remove, replace and test on mutable fields succeed', async () => {
    const token = await createToken(server, server.ownerToken, {
      name: 'jp',
      ttl: 600,
      scopes: ['orders:read', 'orders:write'],
    });
    const answer = await jsonPatch(token.id, [
      { op: 'test', path: '/name', value: 'jp' },
      { op: 'replace', path: '/name', value: 'jp-renamed' },
      { op: 'add', path: '/metadata', value: { team: 'a' } },
      { op: 'add', path: '/metadata/region', value: 'eu' },
      { op: 'remove', path: '/scopes/1' },
      { op: 'replace', path: '/description', value: 'x' },
    ]);
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({
      name: 'jp-renamed',
      metadata: { team: 'a', region: 'eu' },
      scopes: ['orders:read'],
      description: 'x',
    });
    // LaunchDarkly sends JSON Patch as plain application/json: an array body is a JSON Patch.
    const plain = await patch(token.id, [{ op: 'replace', path: '/description', value: 'plain' }]);
    expect(plain.body.description).toBe('plain');
  });

  const immutable = [
    'id',
    'owner_id',
    'tenant_id',
    'type',
    'kind',
    'created_at',
    'lifetime',
    'hint',
    'service',
    'not_before',
    'remaining_uses',
    'last_used_at',
  ];
  it.each(immutable)('replacing %s is a 400 immutable_field and changes nothing', async (field) => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    const before = await snapshot(server);
    const answer = await jsonPatch(token.id, [{ op: 'replace', path: `/${field}`, value: 'x' }]);
    expectStatus(answer, 400, 'immutable_field');
    expect(await snapshot(server)).toEqual(before);
  });

  it('adding a secret or another unknown field is a 400', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    for (const field of ['secret', 'digest', 'owner']) {
      const answer = await jsonPatch(token.id, [{ op: 'add', path: `/${field}`, value: 'x' }]);
      expectStatus(answer, 400, 'unknown_field');
    }
  });

  const malformed: [string, unknown][] = [
    ['not an array', { op: 'replace', path: '/name', value: 'x' }],
    ['unknown op', [{ op: 'frobnicate', path: '/name' }]],
    ['missing path', [{ op: 'remove' }]],
    ['path not a pointer', [{ op: 'replace', path: 'name', value: 'x' }]],
    ['replace without value', [{ op: 'replace', path: '/name' }]],
    ['remove of a missing member', [{ op: 'remove', path: '/metadata/none' }]],
    ['array index out of range', [{ op: 'add', path: '/scopes/9', value: 'a:b' }]],
    ['move without from', [{ op: 'move', path: '/name' }]],
  ];
  it.each(malformed)('%s → 422 invalid_patch', async (_name, document) => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    const answer = await jsonPatch(token.id, document);
    expectStatus(answer, 422, 'invalid_patch');
  });

  it('a failing test op is a 409 and applies nothing', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'tested', ttl: 600 });
    const answer = await jsonPatch(token.id, [
      { op: 'replace', path: '/description', value: 'changed' },
      { op: 'test', path: '/name', value: 'other' },
    ]);
    expectStatus(answer, 409, 'conflict');
    expect(
      (await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken })).body.description,
    ).toBeNull();
  });
});

describe('preconditions and limits', () => {
  it('a stale If-Match is a 412; concurrent patches with the same tag: exactly one wins', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    const etag = (
      await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken })
    ).headers.get('etag')!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        patch(token.id, { description: `writer ${index}` }, { 'if-match': etag }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(9);
    const stale = await patch(token.id, { description: 'late' }, { 'if-match': etag });
    expectStatus(stale, 412, 'precondition_failed');
  });

  it('un-revoking is a 409; a revoked token cannot be changed', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expectStatus(await patch(token.id, { revoked_at: null }), 409, 'conflict');
    expectStatus(
      await jsonPatch(token.id, [{ op: 'replace', path: '/revoked_at', value: null }]),
      409,
      'conflict',
    );
    expectStatus(await patch(token.id, { name: 'zombie' }), 409, 'conflict');
  });

  it('scopes may narrow; widening beyond the caller is a 403 and changes nothing', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const token = await createToken(server, writer.secret, {
      ttl: 600,
      scopes: ['orders:read', 'orders:write'],
    });
    const narrowed = await patch(token.id, { scopes: ['orders:read'] }, {}, writer.secret);
    expectStatus(narrowed, 200);
    expect(narrowed.body.scopes).toEqual(['orders:read']);
    const before = await snapshot(server);
    for (const body of [{ scopes: ['members:write'] }, { role: 'admin' }, { expires_at: null }]) {
      const answer = await patch(token.id, body, {}, writer.secret);
      expectStatus(answer, body.expires_at === null ? 200 : 403, undefined, JSON.stringify(body));
    }
    // The writer's own token is permanent, so making this one permanent is within it.
    expect((await snapshot(server)).events).toBe(before.events + 1);
  });

  it('changing max_uses keeps spent uses spent', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 5 });
    for (let use = 0; use < 2; use++)
      await call(server, 'POST', '/v1/verify', { body: { token: token.secret } });
    const raised = await patch(token.id, { max_uses: 10 });
    expect(raised.body).toMatchObject({ max_uses: 10, remaining_uses: 8 });
    const lowered = await patch(token.id, { max_uses: 1 });
    expect(lowered.body).toMatchObject({ max_uses: 1, remaining_uses: 0 });
    expect((await call(server, 'POST', '/v1/verify', { body: { token: token.secret } })).body.code).toBe(
      'usage_exceeded',
    );
    const lifted = await patch(token.id, { max_uses: null });
    expect(lifted.body).toMatchObject({ max_uses: null, remaining_uses: null });
  });

  it('a taken name is a 409; bad values are 400', async () => {
    await createToken(server, server.ownerToken, { name: 'taken-name', ttl: 600 });
    const token = await createToken(server, server.ownerToken, { ttl: 600 });
    expectStatus(await patch(token.id, { name: 'taken-name' }), 409, 'conflict');
    for (const body of [
      { name: '' },
      { is_active: 'no' },
      { metadata: [1] },
      { expires_at: '2000-01-01T00:00:00Z' },
      { max_uses: 0 },
      { policy: [{ effect: 'maybe' }] },
      { rate_limit: { limit: 0, window_seconds: 1 } },
    ]) {
      const answer = await patch(token.id, body);
      expectStatus(answer, 400, 'invalid_request', JSON.stringify(body));
    }
  });
});
