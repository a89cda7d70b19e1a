// The Fastly dialect, driven by the real fastly-js 13 client's TokensApi methods over HTTP: every token
// operation it has, each one's status, shape and effect; bad keys, another tenant's tokens and bad
// bodies answer Fastly's own statuses and bodies and change nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../../helpers/server.js';
import { expectNoSecret, failure, fastlyClient, nativeToken, revokedToken, verifyCode } from './helpers.js';

const server = useTestServer();

const TOKEN_RESPONSE_FIELDS = [
  'created_at',
  'deleted_at',
  'expires_at',
  'id',
  'ip',
  'last_used_at',
  'name',
  'scope',
  'services',
  'updated_at',
  'user_agent',
  'user_id',
];

let tenantId: string;
beforeAll(async () => {
  tenantId = (await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken })).body.tenant_id;
});

/** A fresh member's first token: its own tokens to list and revoke, apart from the other tests'. */
async function freshCaller(role = 'writer') {
  const { member, secret } = await addMember(server, server.ownerToken, role);
  return { member, secret, api: fastlyClient(server, secret) };
}

describe('Fastly: the client’s own methods', () => {
  it('createToken sends an empty form and gets 200 TokenCreatedResponse: a native token whose secret verifies', async () => {
    const { member, secret, api } = await freshCaller();
    const { data, response } = await api.createTokenWithHttpInfo();
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body).sort()).toEqual([...TOKEN_RESPONSE_FIELDS, 'access_token'].sort());
    expect(data.access_token).toMatch(/^tsr_a0_/);
    expect(response.body).toMatchObject({
      user_id: member.id,
      scope: 'global',
      services: [],
      deleted_at: null,
    });
    expect(await verifyCode(server, data.access_token)).toBe('valid');
    // A native token, owned by the caller's member, and its audit event names the dialect.
    const native = await nativeToken(server, data.id);
    expect(native).toMatchObject({ owner_id: member.id, name: 'token', revoked_at: null });
    const events = await call(server, 'GET', '/v1/audit-events?limit=20', { token: server.ownerToken });
    const created = events.body.data.find(
      (event: { action: string; target_id: string }) =>
        event.action === 'token.create' && event.target_id === data.id,
    );
    expect(created.details.via).toBe('fastly');
    expect(secret).not.toBe(data.access_token);
  });

  it('getTokenCurrent answers the calling token, without its secret', async () => {
    const { member, secret, api } = await freshCaller();
    const { response } = await api.getTokenCurrentWithHttpInfo();
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(TOKEN_RESPONSE_FIELDS);
    expect(response.body).toMatchObject({ user_id: member.id, name: 'writer-token' });
    expectNoSecret(response.body, secret);
  });

  it("listTokensUser answers a bare array of the caller's tokens, the caller included, no secret in it", async () => {
    const { secret, api } = await freshCaller();
    const created = await api.createToken();
    const { response } = await api.listTokensUserWithHttpInfo();
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    expect(response.body.map((token: { id: string }) => token.id)).toContain(created.id);
    expect(response.body).toHaveLength(2);
    for (const token of response.body) expect(Object.keys(token).sort()).toEqual(TOKEN_RESPONSE_FIELDS);
    expectNoSecret(response.body, secret);
    expectNoSecret(response.body, created.access_token);
  });

  it("listTokensCustomer answers the tenant's tokens to an owner; another customer id is a 404", async () => {
    const owner = fastlyClient(server, server.ownerToken);
    const { secret } = await freshCaller();
    const { response } = await owner.listTokensCustomerWithHttpInfo({ customer_id: tenantId });
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThan(1);
    expectNoSecret(response.body, secret);
    const other = await failure(owner.listTokensCustomer({ customer_id: 'ten_someoneelse' }));
    expect(other).toEqual({ status: 404, body: { msg: 'Record not found' } });
  });

  it('listTokensCustomer needs admin or owner: a writer gets 403 {"msg"}', async () => {
    const { api } = await freshCaller('writer');
    const refused = await failure(api.listTokensCustomer({ customer_id: tenantId }));
    expect(refused.status).toBe(403);
    expect(Object.keys(refused.body)).toEqual(['msg']);
  });

  it('getToken answers one token; revokeToken revokes it: refused afterwards, gone from reads and listings', async () => {
    const { api } = await freshCaller();
    const created = await api.createToken();
    const { response } = await api.getTokenWithHttpInfo({ token_id: created.id });
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(created.id);
    expectNoSecret(response.body, created.access_token);

    const revoked = await api.revokeTokenWithHttpInfo({ token_id: created.id });
    expect(revoked.response.status).toBe(204);
    expect(await verifyCode(server, created.access_token)).toBe('revoked');
    expect(await failure(api.getToken({ token_id: created.id }))).toEqual({
      status: 404,
      body: { msg: 'Record not found' },
    });
    expect((await api.listTokensUser()).map((token: { id: string }) => token.id)).not.toContain(created.id);
    // Removed means gone: revoking it again is a 404 too; the native record stays for audit.
    expect((await failure(api.revokeToken({ token_id: created.id }))).status).toBe(404);
    expect((await nativeToken(server, created.id)).revoked_at).not.toBeNull();
  });

  it('bulkRevokeTokens revokes every token named (204); one unknown id revokes none (400)', async () => {
    const { api } = await freshCaller();
    const [first, second, kept] = [await api.createToken(), await api.createToken(), await api.createToken()];
    const before = await snapshot(server);
    const refused = await failure(
      api.bulkRevokeTokens({
        request_body: {
          data: [
            { type: 'token', id: kept.id },
            { type: 'token', id: 'tok_nosuchtoken' },
          ],
        },
      }),
    );
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body).sort()).toEqual(['detail', 'msg']);
    expect(await snapshot(server)).toEqual(before);
    expect(await verifyCode(server, kept.access_token)).toBe('valid');

    const { response } = await api.bulkRevokeTokensWithHttpInfo({
      request_body: {
        data: [
          { type: 'token', id: first.id },
          { type: 'token', id: second.id },
        ],
      },
    });
    expect(response.status).toBe(204);
    expect(await verifyCode(server, first.access_token)).toBe('revoked');
    expect(await verifyCode(server, second.access_token)).toBe('revoked');
    expect(await verifyCode(server, kept.access_token)).toBe('valid');
  });

  it('revokeTokenCurrent revokes the calling token: its key is refused afterwards with 401', async () => {
    const { secret, api } = await freshCaller();
    const { response } = await api.revokeTokenCurrentWithHttpInfo();
    expect(response.status).toBe(204);
    expect(await verifyCode(server, secret)).toBe('revoked');
    expect(await failure(api.getTokenCurrent())).toEqual({
      status: 401,
      body: { msg: 'Provided credentials are missing or invalid' },
    });
  });
});

describe('Fastly: scopes, services and expiry in the create form', () => {
  const form = (secret: string, body: string) =>
    call(server, 'POST', '/compat/fastly/tokens', {
      rawBody: body,
      headers: { 'fastly-key': secret, 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('scope purge_all becomes the native scope of that name, and nothing more', async () => {
    const answer = await form(server.ownerToken, 'name=purger&scope=purge_all');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 'purger', scope: 'purge_all' });
    expect((await nativeToken(server, answer.body.id)).scopes).toEqual(['purge_all']);
    const allowed = await call(server, 'POST', '/v1/verify', {
      body: { token: answer.body.access_token, action: 'purge_all' },
    });
    expect(allowed.body.code).toBe('valid');
    const wider = await call(server, 'POST', '/v1/verify', {
      body: { token: answer.body.access_token, action: 'tokens:write' },
    });
    expect(wider.body.code).toBe('forbidden');
  });

  it('services[] are echoed, and limit the token to those services', async () => {
    const answer = await form(
      server.ownerToken,
      'services[]=svc1&services[]=svc2&expires_at=2031-01-01T00:00:00Z',
    );
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.services).toEqual(['svc1', 'svc2']);
    expect(answer.body.expires_at).toBe('2031-01-01T00:00:00.000Z');
    const on = async (resource: string) =>
      (
        await call(server, 'POST', '/v1/verify', {
          body: { token: answer.body.access_token, action: 'purge_all', resource },
        })
      ).body.code;
    expect(await on('services/svc1')).toBe('valid');
    expect(await on('services/svc2/purge')).toBe('valid');
    expect(await on('services/other')).toBe('forbidden');
  });

  it.each([
    ['an unknown scope', 'scope=superuser'],
    ['a bad expiry', 'expires_at=tomorrow'],
    ['an expiry in the past', 'expires_at=2001-01-01T00:00:00Z'],
    ['an unknown field', 'colour=blue'],
    ['a name too long', `name=${'x'.repeat(201)}`],
  ])('%s is a 400 {"msg", "detail"} and creates nothing', async (_case, body) => {
    const before = await snapshot(server);
    const answer = await form(server.ownerToken, body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body).sort()).toEqual(['detail', 'msg']);
    expect(await snapshot(server)).toEqual(before);
  });

  it('a JSON create works as the form does', async () => {
    const answer = await call(server, 'POST', '/compat/fastly/tokens', {
      body: { name: 'from-json' },
      headers: { 'fastly-key': server.ownerToken },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('from-json');
  });
});

describe('Fastly: refusals', () => {
  it('no key, a malformed, unknown or revoked key: 401 {"msg"} on every route, nothing changed', async () => {
    const revoked = await revokedToken(server);
    const before = await snapshot(server);
    for (const key of [
      null,
      'nope',
      `tsr_a0_${'0'.repeat(49)}`, // well-formed, unknown (built here: no secret-shaped literal in the tree)
      revoked.secret,
    ]) {
      const api = fastlyClient(server, key);
      for (const attempt of [
        () => api.getTokenCurrent(),
        () => api.listTokensUser(),
        () => api.createToken(),
        () => api.revokeTokenCurrent(),
        () => api.getToken({ token_id: revoked.id }),
      ]) {
        expect(await failure(attempt)).toEqual({
          status: 401,
          body: { msg: 'Provided credentials are missing or invalid' },
        });
      }
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("another tenant's token is a 404 to read and to revoke, and stays valid", async () => {
    const other = await addTenant(server, server.ownerToken, 'fastly-other');
    const theirs = await createToken(server, other.ownerSecret, { ttl: 600 });
    const api = fastlyClient(server, server.ownerToken);
    expect((await failure(api.getToken({ token_id: theirs.id }))).status).toBe(404);
    expect((await failure(api.revokeToken({ token_id: theirs.id }))).status).toBe(404);
    const bulk = await failure(
      api.bulkRevokeTokens({ request_body: { data: [{ type: 'token', id: theirs.id }] } }),
    );
    expect(bulk.status).toBe(400);
    expect(await verifyCode(server, theirs.secret)).toBe('valid');
  });

  it('a bulk body that is not {"data": [{"type": "token", "id"}]} is a 400 and revokes nothing', async () => {
    const before = await snapshot(server);
    for (const rawBody of ['{"data": []}', '{"data": [{"id": "x"}]}', '[]', '{', '']) {
      const answer = await call(server, 'DELETE', '/compat/fastly/tokens', {
        rawBody,
        headers: { 'fastly-key': server.ownerToken, 'content-type': 'application/vnd.api+json; ext=bulk' },
      });
      expect(answer.status, rawBody).toBe(400);
      expect(answer.body.msg).toBeDefined();
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it('a token over its rate limit is told so (429 with Retry-After), through the same limiter as /v1', async () => {
    const limited = await createToken(server, server.ownerToken, {
      ttl: 600,
      rate_limit: { limit: 1, window_seconds: 60 },
    });
    const api = fastlyClient(server, limited.secret);
    await api.getTokenCurrent();
    const refused = await failure(api.getTokenCurrentWithHttpInfo());
    expect(refused.status).toBe(429);
    expect(Object.keys(refused.body)).toEqual(['msg']);
  });

  it('an unknown path under the mount is Fastly’s 404; a known path with another method, a 405', async () => {
    const missing = await call(server, 'GET', '/compat/fastly/nothing-here', {
      headers: { 'fastly-key': server.ownerToken },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ msg: 'Record not found' });
    const wrongMethod = await call(server, 'PUT', '/compat/fastly/tokens/self', {
      headers: { 'fastly-key': server.ownerToken },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });
});
