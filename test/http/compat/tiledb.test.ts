// The TileDB dialect, with the requests tiledb.client.tokens sends (TileDB has no JavaScript client):
// create, the Pager's walk of a listing (page echoed, a page past the end 200 with data: []), delete;
// APIToken's exact field set; TileDB's {"code", "message", "request_id"} on every refusal.
import { describe, expect, it } from 'vitest';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../../helpers/server.js';
import { expectNoSecret, nativeToken, revokedToken, verifyCode } from './helpers.js';

const server = useTestServer();

/** What the Python client sends on every call: its key header and JSON both ways. */
const tiledb = (key: string | null, method: string, path: string, body?: unknown) =>
  call(server, method, `/compat/tiledb${path}`, {
    headers: {
      ...(key === null ? {} : { 'x-tiledb-rest-api-key': key }),
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'TileDB-Cloud-Py/0.12',
    },
    ...(body === undefined ? {} : { body }),
  });

const API_TOKEN_FIELDS = ['api_key', 'created_at', 'expires_at', 'name', 'scope', 'token_id', 'workspace_id'];

async function freshCaller() {
  const { member, secret } = await addMember(server, server.ownerToken, 'writer');
  const self = (await call(server, 'GET', '/v1/tokens/self', { token: secret })).body;
  return { member, secret, tenantId: self.tenant_id as string };
}

describe('TileDB: create, list, delete as tiledb.client.tokens sends them', () => {
  it('POST /tokens with workspace_id makes an api token of 30 minutes: 201 {"data": APIToken}', async () => {
    const { secret, tenantId } = await freshCaller();
    const answer = await tiledb(secret, 'POST', '/tokens', {
      name: 'nightly',
      scope: '*',
      workspace_id: tenantId,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(answer.body)).toEqual(['data']);
    const token = answer.body.data;
    expect(Object.keys(token).sort()).toEqual(API_TOKEN_FIELDS);
    expect(token).toMatchObject({ name: 'nightly', scope: '*', workspace_id: tenantId });
    expect(Date.parse(token.expires_at) - Date.parse(token.created_at)).toBe(30 * 60 * 1000);
    expect(await verifyCode(server, token.api_key)).toBe('valid');
    expect((await nativeToken(server, token.token_id)).type).toBe('api');
  });

  it('without workspace_id a session token, without workspace_id in its APIToken; a name in use gets -1', async () => {
    const { secret } = await freshCaller();
    const first = await tiledb(secret, 'POST', '/tokens', { name: 'login', scope: 'user:read' });
    const second = await tiledb(secret, 'POST', '/tokens', { name: 'login', scope: 'user:read' });
    expect(first.status).toBe(201);
    expect(Object.keys(first.body.data).sort()).toEqual(
      API_TOKEN_FIELDS.filter((field) => field !== 'workspace_id'),
    );
    expect(first.body.data.api_key).toMatch(/^tsr_s0_/);
    expect(second.body.data.name).toBe('login-1');
  });

  it('a scope becomes the native scope of the same string; user:read can also list tokens', async () => {
    const { secret } = await freshCaller();
    const answer = await tiledb(secret, 'POST', '/tokens', {
      scope: 'user:read',
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const key = answer.body.data.api_key;
    const verify = (action: string) => call(server, 'POST', '/v1/verify', { body: { token: key, action } });
    expect((await verify('user:read')).body.code).toBe('valid');
    expect((await verify('array:read')).body.code).toBe('forbidden');
    expect(answer.body.data.scope).toBe('user:read');
    const listed = await tiledb(key, 'GET', '/tokens?type=session');
    expect(listed.status).toBe(200);
    expect(Date.parse(answer.body.data.expires_at) - Date.parse(answer.body.data.created_at)).toBeGreaterThan(
      3_500_000,
    );
  });

  it('the Pager walks pages until an empty one: page echoed, totals given, each token once, no secret', async () => {
    const { secret, tenantId } = await freshCaller();
    const made: string[] = [];
    for (let index = 0; index < 5; index++)
      made.push(
        (await tiledb(secret, 'POST', '/tokens', { scope: '*', workspace_id: tenantId })).body.data.token_id,
      );
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const answer = await tiledb(secret, 'GET', `/tokens?type=api&page=${page}&per_page=2`);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['data', 'pagination_metadata']);
      // The caller's own token is an api token too: 6 in all.
      expect(answer.body.pagination_metadata).toEqual({ page, per_page: 2, total_pages: 3, total_items: 6 });
      expectNoSecret(answer.body, secret);
      if (answer.body.data.length === 0) break;
      for (const token of answer.body.data) {
        expect(Object.keys(token).sort()).toEqual(API_TOKEN_FIELDS);
        expect(token.api_key).toMatch(/^\*\*\*\*.{4}$/);
        seen.push(token.token_id);
      }
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen).toEqual(expect.arrayContaining(made));
    // A permanent token (the caller's first) shows the end of time, never null.
    const own = (await tiledb(secret, 'GET', '/tokens?type=api&page=3&per_page=2')).body.data.at(-1);
    expect(own.expires_at).toBe('9999-12-31T23:59:59Z');
  });

  it('DELETE /tokens/{id}: 204 with no body; the key is refused and the listing no longer has it', async () => {
    const { secret } = await freshCaller();
    const token = (await tiledb(secret, 'POST', '/tokens', { scope: '*' })).body.data;
    const answer = await tiledb(secret, 'DELETE', `/tokens/${token.token_id}`);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(await verifyCode(server, token.api_key)).toBe('revoked');
    const listed = await tiledb(secret, 'GET', '/tokens?type=session');
    expect(listed.body.data.map((each: { token_id: string }) => each.token_id)).not.toContain(token.token_id);
    expect((await tiledb(secret, 'DELETE', `/tokens/${token.token_id}`)).status).toBe(404);
  });

  it('Authorization: Bearer works as well as the TileDB header', async () => {
    const answer = await call(server, 'GET', '/compat/tiledb/tokens?type=api', { token: server.ownerToken });
    expect(answer.status).toBe(200);
  });
});

describe('TileDB: refusals', () => {
  it('no key, a malformed, unknown or revoked key: 401 {"code": 401, "message", "request_id"}', async () => {
    const revoked = await revokedToken(server);
    const before = await snapshot(server);
    for (const key of [null, 'nope', revoked.secret]) {
      for (const [method, path, body] of [
        ['GET', '/tokens?type=api'],
        ['POST', '/tokens', { scope: '*' }],
        ['DELETE', `/tokens/${revoked.id}`],
      ] as const) {
        const answer = await tiledb(key, method, path, body);
        expect(answer.status).toBe(401);
        expect(Object.keys(answer.body).sort()).toEqual(['code', 'message', 'request_id']);
        expect(answer.body.code).toBe(401);
        expect(answer.body.request_id).toBe(answer.headers.get('x-request-id'));
      }
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("another tenant's token is a 404 to delete; another workspace_id is a 404 to create", async () => {
    const other = await addTenant(server, server.ownerToken, 'tiledb-other');
    const theirs = await createToken(server, other.ownerSecret, { ttl: 600 });
    const before = await snapshot(server);
    const deleted = await tiledb(server.ownerToken, 'DELETE', `/tokens/${theirs.id}`);
    expect(deleted.status).toBe(404);
    expect(deleted.body.code).toBe(404);
    const created = await tiledb(server.ownerToken, 'POST', '/tokens', {
      scope: '*',
      workspace_id: other.tenantId,
    });
    expect(created.status).toBe(404);
    expect(await snapshot(server)).toEqual(before);
    expect(await verifyCode(server, theirs.secret)).toBe('valid');
  });

  it.each([
    ['no scope', { name: 'x' }],
    ['an unknown scope', { scope: 'everything' }],
    ['a name over 64 characters', { scope: '*', name: 'n'.repeat(65) }],
    ['an unknown field', { scope: '*', colour: 'blue' }],
    ['a bad expires_at', { scope: '*', expires_at: 'soon' }],
  ])('a create with %s is a 400 and creates nothing', async (_case, body) => {
    const before = await snapshot(server);
    const answer = await tiledb(server.ownerToken, 'POST', '/tokens', body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(400);
    expect(await snapshot(server)).toEqual(before);
  });

  it.each([
    ['/tokens'],
    ['/tokens?type=user'],
    ['/tokens?type=api&per_page=101'],
    ['/tokens?type=api&page=0'],
  ])('GET %s is a 400', async (path) => {
    const answer = await tiledb(server.ownerToken, 'GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(400);
  });
});
