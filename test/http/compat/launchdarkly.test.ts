// The LaunchDarkly dialect, driven by the real launchdarkly-api-typescript 17.2.0 AccessTokensApi over
// HTTP: list, create (201), read, JSON Patch over its own names, reset (with and without expiry), delete;
// LaunchDarkly's {"code", "message"} for every refusal, nothing changed.
import { AccessTokensApi, Configuration } from 'launchdarkly-api-typescript';
import { describe, expect, it } from 'vitest';
import { addMember, addTenant, call, createToken, snapshot, useTestServer } from '../../helpers/server.js';
import { expectNoSecret, failure, nativeToken, revokedToken, verifyCode } from './helpers.js';

const server = useTestServer();

function client(key: string | undefined) {
  return new AccessTokensApi(
    new Configuration({
      ...(key === undefined ? {} : { apiKey: key }),
      basePath: `${server.url}/compat/launchdarkly`,
    }),
  );
}

/** Nothing in a Token is null, at any depth. */
function expectNoNull(value: unknown, where = 'token'): void {
  expect(value, where).not.toBeNull();
  if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) expectNoNull(item, `${where}.${key}`);
}

const ALWAYS = [
  '_id',
  'ownerId',
  'memberId',
  '_member',
  'creationDate',
  'lastModified',
  'customRoleIds',
  'inlineRole',
  'token',
  'serviceToken',
  '_links',
];

async function freshCaller(role = 'admin') {
  const { member, secret } = await addMember(server, server.ownerToken, role);
  return { member, secret, api: client(secret) };
}

describe('LaunchDarkly: the client’s own methods', () => {
  it('postToken answers 201 with the secret in token; the Token has every field it must, none null', async () => {
    const { member, api } = await freshCaller();
    const { status, data } = await api.postToken({
      name: 'ci',
      description: 'for CI',
      role: 'reader',
      defaultApiVersion: 20220603,
    });
    expect(status).toBe(201);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(ALWAYS));
    expect(data).toMatchObject({
      name: 'ci',
      description: 'for CI',
      role: 'reader',
      memberId: member.id,
      serviceToken: false,
      customRoleIds: [],
      inlineRole: [],
      defaultApiVersion: 20220603,
    });
    expect(data._member).toMatchObject({ _id: member.id, role: 'admin' });
    expect(data.creationDate).toBe(data.lastModified);
    expect(data.lastUsed).toBeUndefined();
    expectNoNull(data);
    expect(await verifyCode(server, data.token!)).toBe('valid');
    expect((await nativeToken(server, data._id!)).role).toBe('reader');
  });

  it('inlineRole is the native policy in camelCase, both ways', async () => {
    const { api } = await freshCaller();
    const inlineRole = [{ effect: 'deny' as const, actions: ['*'], notResources: ['proj/web'] }];
    const { data } = await api.postToken({ name: 'scoped', inlineRole, role: 'writer' });
    expect(data.inlineRole).toEqual(inlineRole);
    expect((await nativeToken(server, data._id!)).policy).toEqual([
      { effect: 'deny', actions: ['*'], not_resources: ['proj/web'] },
    ]);
  });

  it('a service token shows its creator as memberId', async () => {
    const { member, api } = await freshCaller();
    const { data } = await api.postToken({ serviceToken: true, role: 'reader' });
    expect(data).toMatchObject({ serviceToken: true, memberId: member.id });
    expect((await nativeToken(server, data._id!)).service).toBe(true);
  });

  it("getTokens pages the caller's tokens with totalCount and links; no secret in any", async () => {
    const { secret, api } = await freshCaller();
    const made = [(await api.postToken({ name: 'a' })).data, (await api.postToken({ name: 'b' })).data];
    const { status, data } = await api.getTokens(undefined, 2, 0);
    expect(status).toBe(200);
    expect(data.totalCount).toBe(3);
    expect(data.items!.map((token) => token._id)).toEqual([made[1]!._id, made[0]!._id]);
    expect(data._links!.self!.href).toContain('/compat/launchdarkly/api/v2/tokens');
    expect(data._links!.next!.href).toContain('offset=2');
    expect(data._links!.prev).toBeUndefined();
    const second = await api.getTokens(undefined, 2, 2);
    expect(second.data.items).toHaveLength(1);
    expect(second.data._links!.prev!.href).toContain('offset=0');
    expect(second.data._links!.next).toBeUndefined();
    expectNoSecret(data, secret);
    for (const token of [...data.items!, ...second.data.items!])
      expect(token.token).toMatch(/^\*\*\*\*.{4}$/);
  });

  it("getTokens(showAll) lists every member's tokens for an admin; a writer gets 403 forbidden", async () => {
    const { api } = await freshCaller('admin');
    expect((await api.getTokens(true)).data.totalCount).toBeGreaterThan(1);
    const writer = await freshCaller('writer');
    expect(await failure(writer.api.getTokens(true))).toMatchObject({
      status: 403,
      body: { code: 'forbidden' },
    });
  });

  it('getToken answers one token without its secret; an unknown id is a 404 not_found', async () => {
    const { api } = await freshCaller();
    const created = (await api.postToken({ name: 'read-me' })).data;
    const { status, data } = await api.getToken(created._id!);
    expect(status).toBe(200);
    expect(data.name).toBe('read-me');
    expectNoSecret(data, created.token);
    expect(await failure(api.getToken('tok_nosuchtoken'))).toEqual({
      status: 404,
      body: { code: 'not_found', message: 'Invalid resource identifier' },
    });
    expect((await failure(api.getToken('not-even-an-id'))).status).toBe(404);
  });

  it('patchToken applies a JSON Patch over the Token’s own names', async () => {
    const { api } = await freshCaller();
    const created = (await api.postToken({ name: 'before', role: 'writer' })).data;
    const { status, data } = await api.patchToken(created._id!, [
      { op: 'replace', path: '/name', value: 'after' },
      { op: 'replace', path: '/role', value: 'reader' },
      { op: 'add', path: '/description', value: 'patched' },
      { op: 'replace', path: '/defaultApiVersion', value: 20240101 },
      {
        op: 'add',
        path: '/inlineRole',
        value: [{ effect: 'allow', actions: ['orders:read'], notResources: ['x'] }],
      },
    ]);
    expect(status).toBe(200);
    expect(data).toMatchObject({
      name: 'after',
      role: 'reader',
      description: 'patched',
      defaultApiVersion: 20240101,
      inlineRole: [{ effect: 'allow', actions: ['orders:read'], notResources: ['x'] }],
    });
    expect(data.lastModified).toBeGreaterThanOrEqual(data.creationDate!);
    const native = await nativeToken(server, created._id!);
    expect(native).toMatchObject({ name: 'after', role: 'reader', default_api_version: 20240101 });
    expect(native.policy).toEqual([{ effect: 'allow', actions: ['orders:read'], not_resources: ['x'] }]);
  });

  it('a patch of a field the Token cannot change, or not a JSON Patch, is refused and changes nothing', async () => {
    const { secret, api } = await freshCaller();
    const created = (await api.postToken({ name: 'fixed' })).data;
    const before = await snapshot(server);
    const immutable = await failure(
      api.patchToken(created._id!, [{ op: 'replace', path: '/serviceToken', value: true }]),
    );
    expect(immutable).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    const failedTest = await failure(
      api.patchToken(created._id!, [{ op: 'test', path: '/name', value: 'other' }]),
    );
    expect(failedTest).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const notAPatch = await call(server, 'PATCH', `/compat/launchdarkly/api/v2/tokens/${created._id}`, {
      body: { name: 'merge' },
      headers: { authorization: secret },
    });
    expect(notAPatch.status).toBe(422);
    expect(notAPatch.body.code).toBe('patch_failed');
    const wrongRole = await failure(
      api.patchToken(created._id!, [{ op: 'replace', path: '/role', value: 'emperor' }]),
    );
    expect(wrongRole.status).toBe(400);
    expect(await snapshot(server)).toEqual(before);
    expect((await api.getToken(created._id!)).data.name).toBe('fixed');
  });

  it('resetToken without expiry: a new secret, the old one refused at once', async () => {
    const { api } = await freshCaller();
    const created = (await api.postToken({ name: 'rotating' })).data;
    const { status, data, headers } = await api.resetToken(created._id!);
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(data._id).toBe(created._id);
    expect(data.token).not.toBe(created.token);
    expect(await verifyCode(server, data.token!)).toBe('valid');
    expect(await verifyCode(server, created.token!)).toBe('revoked');
  });

  it('resetToken with expiry: the old secret keeps working until then', async () => {
    const { api } = await freshCaller();
    const created = (await api.postToken({ name: 'graceful' })).data;
    const { data } = await api.resetToken(created._id!, Date.now() + 600_000);
    expect(await verifyCode(server, data.token!)).toBe('valid');
    expect(await verifyCode(server, created.token!)).toBe('valid');
    expect((await failure(api.resetToken(created._id!, 12345))).status).toBe(400);
  });

  it('deleteToken: 204, its secret refused, reading it a 404, gone from listings', async () => {
    const { api } = await freshCaller();
    const created = (await api.postToken({ name: 'doomed' })).data;
    expect((await api.deleteToken(created._id!)).status).toBe(204);
    expect(await verifyCode(server, created.token!)).toBe('revoked');
    expect((await failure(api.getToken(created._id!))).status).toBe(404);
    expect((await failure(api.deleteToken(created._id!))).status).toBe(404);
    expect((await failure(api.resetToken(created._id!))).status).toBe(404);
    expect((await api.getTokens()).data.items!.map((token) => token._id)).not.toContain(created._id);
  });
});

describe('LaunchDarkly: refusals', () => {
  it('no key, a malformed, unknown or revoked key: 401 unauthorized, nothing changed', async () => {
    const revoked = await revokedToken(server);
    const before = await snapshot(server);
    for (const key of [undefined, 'nope', revoked.secret]) {
      const api = client(key);
      for (const attempt of [
        () => api.getTokens(),
        () => api.postToken({ name: 'x' }),
        () => api.getToken(revoked.id),
        () => api.deleteToken(revoked.id),
      ])
        expect(await failure(attempt)).toEqual({
          status: 401,
          body: { code: 'unauthorized', message: 'Invalid access token' },
        });
    }
    // Bearer works as well as the raw key.
    const bearer = await call(server, 'GET', '/compat/launchdarkly/api/v2/tokens', {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    expect(bearer.status).toBe(200);
    expect(await snapshot(server)).toEqual(before);
  });

  it("another tenant's token is a 404 to every method, and is untouched", async () => {
    const other = await addTenant(server, server.ownerToken, 'ld-other');
    const theirs = await createToken(server, other.ownerSecret, { ttl: 600 });
    const api = client(server.ownerToken);
    for (const attempt of [
      () => api.getToken(theirs.id),
      () => api.patchToken(theirs.id, [{ op: 'replace', path: '/name', value: 'mine' }]),
      () => api.resetToken(theirs.id),
      () => api.deleteToken(theirs.id),
    ])
      expect(await failure(attempt)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await verifyCode(server, theirs.secret)).toBe('valid');
  });

  it.each([
    ['an unknown role', { role: 'superuser' }],
    ['an unknown field', { colour: 'blue' }],
    ['a statement with a snake_case field', { inlineRole: [{ effect: 'allow', not_actions: ['x'] }] }],
    ['a custom role that does not exist', { customRoleIds: ['nosuchrole'] }],
    ['a role above the caller', { role: 'admin' }],
  ])('postToken with %s is refused in LaunchDarkly’s shape and creates nothing', async (_case, body) => {
    const { api } = await freshCaller('writer');
    const before = await snapshot(server);
    const refused = await failure(api.postToken(body as never));
    expect([400, 403]).toContain(refused.status);
    expect(Object.keys(refused.body).sort()).toEqual(['code', 'message']);
    expect(await snapshot(server)).toEqual(before);
  });

  it('an unknown path under the mount is a 404 not_found', async () => {
    const answer = await call(server, 'GET', '/compat/launchdarkly/api/v2/flags', {
      headers: { authorization: server.ownerToken },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
  });
});
