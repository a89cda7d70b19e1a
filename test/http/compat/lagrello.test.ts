// The Lagrello dialect, with the requests lagrello_client sends (Lagrello has no JavaScript client):
// create (ADMIN only), list with absolute paging links, delete by either tokenKey, and the literal
// `%7Bid%7D` path every generated client sends; Lagrello's 403 for a wrong token on every route.
import { describe, expect, it } from 'vitest';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../../helpers/server.js';
import { expectNoSecret, nativeToken, revokedToken, verifyCode } from './helpers.js';

const server = useTestServer();

const lagrello = (key: string | null, method: string, path: string, body?: unknown) =>
  call(server, method, `/compat/lagrello${path}`, {
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'OpenAPI-Generator/1.0.0/python',
    },
    ...(body === undefined ? {} : { body }),
  });

const TOKEN_FIELDS = ['createdAt', 'createdBy', 'permissions', 'tokenKey', 'tokenName'];
const WRONG_TOKEN = { errorType: 'forbidden', message: 'The access token used to access resource is wrong' };

async function freshAdmin() {
  const { member, secret } = await addMember(server, server.ownerToken, 'admin');
  return { member, secret };
}

describe('Lagrello: create, list, delete as lagrello_client sends them', () => {
  it('POST /v1/tokens: 200 Token whose tokenKey is a permanent secret; permissions map to the native role', async () => {
    const { member, secret } = await freshAdmin();
    const answer = await lagrello(secret, 'POST', '/v1/tokens', {
      tokenName: 'deployer',
      permissions: ['READ', 'WRITE'],
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(TOKEN_FIELDS);
    expect(answer.body).toMatchObject({
      tokenName: 'deployer',
      createdBy: member.id,
      permissions: ['READ', 'WRITE'],
    });
    expect(await verifyCode(server, answer.body.tokenKey)).toBe('valid');
    const listed = await lagrello(secret, 'GET', '/v1/tokens');
    const shown = listed.body.data.find((token: { tokenName: string }) => token.tokenName === 'deployer');
    const native = await nativeToken(server, shown.tokenKey);
    expect(native).toMatchObject({ role: 'writer', expires_at: null, lifetime: 'permanent' });
    const reader = await lagrello(secret, 'POST', '/v1/tokens', { tokenName: 'viewer' });
    expect(reader.body.permissions).toEqual(['READ']);
    const admin = await lagrello(secret, 'POST', '/v1/tokens', { tokenName: 'boss', permissions: ['ADMIN'] });
    expect(admin.body.permissions).toEqual(['READ', 'WRITE', 'ADMIN']);
  });

  it('the permanent-token cap is a 400 validation_error', async () => {
    const { secret } = await freshAdmin();
    for (let index = 0; index < 5; index++)
      expect((await lagrello(secret, 'POST', '/v1/tokens', { tokenName: `t${index}` })).status).toBe(200);
    const before = await snapshot(server);
    const answer = await lagrello(secret, 'POST', '/v1/tokens', { tokenName: 'sixth' });
    expect(answer.status).toBe(400);
    expect(answer.body.errorType).toBe('validation_error');
    expect(await snapshot(server)).toEqual(before);
  });

  it('a writer may not create (403 forbidden) but lists its own tokens; an admin lists the tenant’s', async () => {
    const { secret: writer } = await addMember(server, server.ownerToken, 'writer');
    const refused = await lagrello(writer, 'POST', '/v1/tokens', { tokenName: 'nope' });
    expect(refused.status).toBe(403);
    expect(refused.body.errorType).toBe('forbidden');
    expect(refused.body.message).not.toBe(WRONG_TOKEN.message);
    const own = await lagrello(writer, 'GET', '/v1/tokens');
    expect(own.body.data).toHaveLength(1);
    const everyone = await lagrello(server.ownerToken, 'GET', '/v1/tokens?size=20');
    expect(everyone.body.data.length).toBeGreaterThan(1);
  });

  it('GET /v1/tokens pages by size and page with absolute previous/next links, "" where there is none', async () => {
    const { secret } = await freshAdmin();
    const other = await addTenant(server, server.ownerToken, 'lagrello-paging');
    for (let index = 0; index < 4; index++)
      await lagrello(other.ownerSecret, 'POST', '/v1/tokens', { tokenName: `p${index}` });
    void secret;
    const first = await lagrello(other.ownerSecret, 'GET', '/v1/tokens?size=2');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['data', 'paging']);
    expect(first.body.paging.previous).toBe('');
    expect(first.body.paging.next).toBe(`${server.url}/compat/lagrello/v1/tokens?size=2&page=2`);
    const seen: string[] = [];
    let next = `${server.url}/compat/lagrello/v1/tokens?size=2`;
    while (next !== '') {
      const page = await call(server, 'GET', next.slice(server.url.length), { token: other.ownerSecret });
      for (const token of page.body.data) {
        expect(Object.keys(token).sort()).toEqual(TOKEN_FIELDS);
        expect(token.tokenKey).toMatch(/^tok_/);
        seen.push(token.tokenKey);
      }
      expectNoSecret(page.body, other.ownerSecret);
      next = page.body.paging.next;
    }
    // Four created and the owner token, each once.
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const last = await lagrello(other.ownerSecret, 'GET', '/v1/tokens?size=2&page=3');
    expect(last.body.paging).toEqual({
      previous: `${server.url}/compat/lagrello/v1/tokens?size=2&page=2`,
      next: '',
    });
    // The owner token Tessera issued shows its owner as its creator.
    const ownerToken = last.body.data[0];
    expect(ownerToken.createdBy).toMatch(/^mem_/);
    expect(ownerToken.tokenName).toBe('owner-token');
  });

  it('DELETE /v1/tokens/{id} by the listed tokenKey or by the secret: 204, refused afterwards, gone', async () => {
    const { secret } = await freshAdmin();
    const bySecret = (await lagrello(secret, 'POST', '/v1/tokens', { tokenName: 'by-secret' })).body;
    const byId = (await lagrello(secret, 'POST', '/v1/tokens', { tokenName: 'by-id' })).body;
    const listed = (await lagrello(secret, 'GET', '/v1/tokens')).body.data;
    const listedKey = listed.find((token: { tokenName: string }) => token.tokenName === 'by-id').tokenKey;
    const first = await lagrello(secret, 'DELETE', `/v1/tokens/${bySecret.tokenKey}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect((await lagrello(secret, 'DELETE', `/v1/tokens/${listedKey}`)).status).toBe(204);
    expect(await verifyCode(server, bySecret.tokenKey)).toBe('revoked');
    expect(await verifyCode(server, byId.tokenKey)).toBe('revoked');
    const after = (await lagrello(secret, 'GET', '/v1/tokens')).body.data.map(
      (token: { tokenName: string }) => token.tokenName,
    );
    expect(after).not.toContain('by-id');
    expect(after).not.toContain('by-secret');
    expect((await lagrello(secret, 'DELETE', `/v1/tokens/${listedKey}`)).status).toBe(404);
  });

  it('the literal /v1/tokens/%7Bid%7D every generated client sends is a 404 like any unknown id', async () => {
    const before = await snapshot(server);
    const answer = await lagrello(server.ownerToken, 'DELETE', '/v1/tokens/%7Bid%7D');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ errorType: 'not_found', message: 'no such token' });
    expect(await snapshot(server)).toEqual(before);
  });
});

describe('Lagrello: refusals', () => {
  it('no key, a malformed, unknown or revoked key: 403 with Lagrello’s wrong-token body on every route', async () => {
    const revoked = await revokedToken(server);
    const before = await snapshot(server);
    for (const key of [null, 'nope', revoked.secret]) {
      for (const [method, path, body] of [
        ['GET', '/v1/tokens'],
        ['POST', '/v1/tokens', { tokenName: 'x' }],
        ['DELETE', `/v1/tokens/${revoked.id}`],
      ] as const) {
        const answer = await lagrello(key, method, path, body);
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual(WRONG_TOKEN);
      }
    }
    expect(await snapshot(server)).toEqual(before);
  });

  it("another tenant's token is a 404 to delete, by id or by secret, and stays valid", async () => {
    const other = await addTenant(server, server.ownerToken, 'lagrello-other');
    const theirs = await createToken(server, other.ownerSecret, { ttl: 600 });
    for (const reference of [theirs.id, theirs.secret]) {
      const answer = await lagrello(server.ownerToken, 'DELETE', `/v1/tokens/${reference}`);
      expect(answer.status).toBe(404);
      expect(answer.body.errorType).toBe('not_found');
    }
    expect(await verifyCode(server, theirs.secret)).toBe('valid');
  });

  it.each([
    ['an empty body', undefined],
    ['no tokenName', { permissions: ['READ'] }],
    ['an empty tokenName', { tokenName: '' }],
    ['a tokenName over 100 characters', { tokenName: 'n'.repeat(101) }],
    ['an unknown permission', { tokenName: 'x', permissions: ['ROOT'] }],
    ['an unknown field', { tokenName: 'x', colour: 'blue' }],
  ])('a create with %s is a 400 validation_error and creates nothing', async (_case, body) => {
    const before = await snapshot(server);
    const answer = await lagrello(server.ownerToken, 'POST', '/v1/tokens', body);
    expect(answer.status).toBe(400);
    expect(answer.body.errorType).toBe('validation_error');
    expect(await snapshot(server)).toEqual(before);
  });

  it.each([['size=0'], ['size=21'], ['page=0']])(
    'GET /v1/tokens?%s is a 400 validation_error',
    async (query) => {
      const answer = await lagrello(server.ownerToken, 'GET', `/v1/tokens?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.errorType).toBe('validation_error');
    },
  );
});
