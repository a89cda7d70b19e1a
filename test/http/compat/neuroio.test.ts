// The NeuroIO dialect, driven by the real @neuroio/rest-api 4.2.2 client's `tokens` methods (pointed at
// the mount with setAuthURL), plus the requests the Python client sends that the JS one does not (PATCH
// with a form, Authorization: Token): NeuroIO's ids are serials, its cap counts every permanent token,
// delete_list takes the caller along.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../../helpers/server.js';
import { expectNoSecret, failure, nativeToken, revokedToken, verifyCode } from './helpers.js';

const require = createRequire(import.meta.url);
const { createNeuroioRestApi } = require('@neuroio/rest-api');
const server = useTestServer();

interface NeuroioToken {
  id: number;
  key: string;
  is_active: boolean;
  created: string;
  expires: string | null;
}

/** The JS client as its users make it: the token given at construction, the auth URL set to the mount. */
function client(key?: string) {
  const api = createNeuroioRestApi({ version: 1, ...(key === undefined ? {} : { token: key }) });
  api.tokens.setAuthURL(`${server.url}/compat/neuroio/v1/`);
  return api.tokens as {
    createToken(params: { permanent?: boolean }): Promise<NeuroioToken>;
    getTokens(params: Record<string, unknown>): Promise<NeuroioToken[]>;
    getToken(id: number | string): Promise<NeuroioToken>;
    updateToken(params: { id: number | string; is_active: boolean }): Promise<NeuroioToken>;
    deleteToken(id: number | string): Promise<void>;
    deleteTokens(params: { permanent?: boolean }): Promise<void>;
  };
}

const TOKEN_FIELDS = ['created', 'expires', 'id', 'is_active', 'key'];

async function freshCaller(role = 'writer') {
  const { member, secret } = await addMember(server, server.ownerToken, role);
  const own = await call(server, 'GET', '/v1/tokens/self', { token: secret });
  return { member, secret, serial: own.body.serial as number, api: client(secret) };
}

describe('NeuroIO: the client’s own methods', () => {
  it('createToken({}) makes a temporary token of 24 hours; its id is its serial, its key verifies', async () => {
    const { api } = await freshCaller();
    const token = await api.createToken({});
    expect(Object.keys(token).sort()).toEqual(TOKEN_FIELDS);
    expect(Number.isInteger(token.id)).toBe(true);
    expect(token.is_active).toBe(true);
    const lifetimeMs = Date.parse(token.expires!) - Date.parse(token.created);
    expect(lifetimeMs).toBe(24 * 60 * 60 * 1000);
    expect(await verifyCode(server, token.key)).toBe('valid');
    const listed = await call(server, 'GET', '/v1/tokens?limit=100', { token: server.ownerToken });
    expect(listed.status).toBe(200);
    const created = (await api.getTokens({})).find((each) => each.id === token.id)!;
    expect(created.key).toMatch(/^\*\*\*\*.{4}$/);
  });

  it('createToken({permanent: true}): the caller’s first token counts, so 4 more, then 400 {"permanent": […]}', async () => {
    const { api } = await freshCaller();
    for (let index = 0; index < 4; index++) {
      const token = await api.createToken({ permanent: true });
      expect(token.expires).toBeNull();
    }
    const before = await snapshot(server);
    const refused = await failure(api.createToken({ permanent: true }));
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body)).toEqual(['permanent']);
    expect(refused.body.permanent).toHaveLength(1);
    expect(await snapshot(server)).toEqual(before);
    // Temporary tokens are not capped.
    expect((await api.createToken({ permanent: false })).expires).not.toBeNull();
  });

  it('the cap holds under concurrent creates: exactly 4 of 10 succeed', async () => {
    const { api } = await freshCaller();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => api.createToken({ permanent: true })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
  });

  it('getTokens answers a bare array, newest first, filtered by permanent and paged by limit and offset', async () => {
    const { serial, api } = await freshCaller();
    const temporary = await api.createToken({});
    const permanent = await api.createToken({ permanent: true });
    const all = await api.getTokens({});
    expect(all.map((token) => token.id)).toEqual([permanent.id, temporary.id, serial]);
    for (const token of all) expect(Object.keys(token).sort()).toEqual(TOKEN_FIELDS);
    expectNoSecret(all, temporary.key);
    expect((await api.getTokens({ permanent: true })).map((token) => token.id)).toEqual([
      permanent.id,
      serial,
    ]);
    expect((await api.getTokens({ permanent: false })).map((token) => token.id)).toEqual([temporary.id]);
    expect((await api.getTokens({ limit: 1, offset: 1 })).map((token) => token.id)).toEqual([temporary.id]);
  });

  it('getToken by id and by key answers the token without its key', async () => {
    const { api } = await freshCaller();
    const token = await api.createToken({});
    const byId = await api.getToken(token.id);
    expect(byId).toMatchObject({ id: token.id, is_active: true });
    expectNoSecret(byId, token.key);
    expect((await api.getToken(token.key)).id).toBe(token.id);
  });

  it('updateToken({is_active: false}) disables the token: its key answers 401, and it stays readable', async () => {
    const { api } = await freshCaller();
    const token = await api.createToken({});
    const updated = await api.updateToken({ id: token.id, is_active: false });
    expect(updated).toMatchObject({ id: token.id, is_active: false });
    expect(await verifyCode(server, token.key)).toBe('disabled');
    expect(await failure(client(token.key).getTokens({}))).toEqual({
      status: 401,
      body: { detail: 'Invalid token.' },
    });
    expect((await api.getToken(token.id)).is_active).toBe(false);
    expect((await api.updateToken({ id: token.id, is_active: true })).is_active).toBe(true);
    expect(await verifyCode(server, token.key)).toBe('valid');
  });

  it('deleteToken revokes: the key is refused, reading it and deleting it again are 404', async () => {
    const { api } = await freshCaller();
    const token = await api.createToken({});
    await api.deleteToken(token.id);
    expect(await verifyCode(server, token.key)).toBe('revoked');
    expect(await failure(api.getToken(token.id))).toEqual({ status: 404, body: { detail: 'Not found.' } });
    expect((await failure(api.deleteToken(token.id))).status).toBe(404);
    expect((await api.getTokens({})).map((each) => each.id)).not.toContain(token.id);
  });

  it('deleteTokens({permanent: false}) revokes the temporary ones; deleteTokens({}) every one, the caller too', async () => {
    const { secret, api } = await freshCaller();
    const temporary = await api.createToken({});
    const permanent = await api.createToken({ permanent: true });
    await api.deleteTokens({ permanent: false });
    expect(await verifyCode(server, temporary.key)).toBe('revoked');
    expect(await verifyCode(server, permanent.key)).toBe('valid');
    await api.deleteTokens({});
    expect(await verifyCode(server, permanent.key)).toBe('revoked');
    expect(await verifyCode(server, secret)).toBe('revoked');
  });
});

describe('NeuroIO: what the Python client sends', () => {
  it('Authorization: Token, paths without the trailing slash, PATCH with a form', async () => {
    const { secret } = await freshCaller();
    const headers = { authorization: `Token ${secret}` };
    const created = await call(server, 'POST', '/compat/neuroio/v1/tokens', {
      headers,
      body: { permanent: false },
    });
    expect(created.status).toBe(201);
    const patched = await call(server, 'PATCH', `/compat/neuroio/v1/tokens/${created.body.id}/`, {
      rawBody: 'is_active=false',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.is_active).toBe(false);
    const listed = await call(server, 'GET', '/compat/neuroio/v1/tokens/?permanent=', { headers });
    expect(listed.status).toBe(200);
    expect(listed.body.map((token: { id: number }) => token.id)).toContain(created.body.id);
    const gone = await call(server, 'DELETE', `/compat/neuroio/v1/tokens/${created.body.id}`, { headers });
    expect(gone.status).toBe(204);
  });

  it('a create with no body, or JSON with no body, is a temporary token', async () => {
    const { secret } = await freshCaller();
    for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
      const answer = await call(server, 'POST', '/compat/neuroio/v1/tokens/', {
        headers: { ...headers, authorization: `Token ${secret}` },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.expires).not.toBeNull();
    }
  });
});

describe('NeuroIO: refusals', () => {
  it('no key, a malformed, unknown or revoked key: 401 {"detail": "Invalid token."}, nothing changed', async () => {
    const revoked = await revokedToken(server);
    const before = await snapshot(server);
    for (const key of [undefined, 'nope', revoked.secret]) {
      const api = client(key);
      for (const attempt of [
        () => api.getTokens({}),
        () => api.createToken({}),
        () => api.getToken(1),
        () => api.deleteTokens({}),
      ])
        expect(await failure(attempt)).toEqual({ status: 401, body: { detail: 'Invalid token.' } });
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("another tenant's token, by serial or by key, is a 404 to every method, and is untouched", async () => {
    const other = await addTenant(server, server.ownerToken, 'neuroio-other');
    const theirs = await createToken(server, other.ownerSecret, { ttl: 600 });
    const serial = (await call(server, 'GET', `/v1/tokens/${theirs.id}`, { token: other.ownerSecret })).body
      .serial;
    const api = client(server.ownerToken);
    for (const reference of [serial, theirs.secret, 'abc', 999_999_999]) {
      expect(await failure(api.getToken(reference))).toEqual({ status: 404, body: { detail: 'Not found.' } });
      expect((await failure(api.updateToken({ id: reference, is_active: false }))).status).toBe(404);
      expect((await failure(api.deleteToken(reference))).status).toBe(404);
    }
    expect(await verifyCode(server, theirs.secret)).toBe('valid');
  });

  it('bad bodies are 400 with field errors and change nothing', async () => {
    const { secret } = await freshCaller();
    const before = await snapshot(server);
    const headers = { authorization: `Token ${secret}` };
    const badFlag = await call(server, 'POST', '/compat/neuroio/v1/tokens/', {
      headers,
      body: { permanent: 'yes' },
    });
    expect(badFlag.status).toBe(400);
    expect(Object.keys(badFlag.body)).toEqual(['permanent']);
    const unknown = await call(server, 'POST', '/compat/neuroio/v1/tokens/', {
      headers,
      body: { colour: 'blue' },
    });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body)).toEqual(['colour']);
    const self = (await call(server, 'GET', '/v1/tokens/self', { token: secret })).body;
    const noFlag = await call(server, 'PUT', `/compat/neuroio/v1/tokens/${self.serial}/`, {
      headers,
      body: {},
    });
    expect(noFlag.status).toBe(400);
    expect(Object.keys(noFlag.body)).toEqual(['is_active']);
    const badQuery = await call(server, 'GET', '/compat/neuroio/v1/tokens/?limit=1000', { headers });
    expect(badQuery.status).toBe(400);
    expect(await snapshot(server)).toEqual(before);
    expect((await nativeToken(server, self.id)).is_active).toBe(true);
  });
});
