// Least-privilege advice over real HTTP: verifications that asked actions are recorded per grant, the
// advice names used and unused grants, and applying the suggestion with one PATCH keeps every observed
// action allowed while refusing what was granted but never used.
import { describe, expect, it } from 'vitest';
import { call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

const verify = (token: string, action: string, resource?: string) =>
  call(server, 'POST', '/v1/verify', {
    body: { token, action, ...(resource === undefined ? {} : { resource }) },
  });

async function adviceOf(tokenId: string, query = '') {
  await server.running.deps.usage.flush();
  const answer = await call(server, 'GET', `/v1/tokens/${tokenId}/advice${query}`, {
    token: server.ownerToken,
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

async function applySuggestion(tokenId: string, suggested: unknown) {
  const patched = await call(server, 'PATCH', `/v1/tokens/${tokenId}`, {
    token: server.ownerToken,
    body: suggested,
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  expect(patched.status, patched.text).toBe(200);
  return patched.body;
}

const codeOf = async (token: string, action: string, resource?: string) =>
  (await verify(token, action, resource)).body.code as string;

describe('least-privilege advice', () => {
  it('scopes with globs: the used glob narrows to the actions asked, the unused scope goes', async () => {
    const token = await createToken(server, server.ownerToken, {
      scopes: ['orders:*', 'users:read'],
      ttl: 3600,
    });
    for (let i = 0; i < 3; i++) expect(await codeOf(token.secret, 'orders:read')).toBe('valid');
    expect(await codeOf(token.secret, 'orders:refund')).toBe('valid');
    const advice = await adviceOf(token.id);
    expect(advice).toMatchObject({ token_id: token.id, days: 30, precision: 'exact' });
    expect(advice.used).toEqual([{ key: 'scope:orders:*', source: 'scope', scope: 'orders:*', uses: 4 }]);
    expect(advice.unused).toEqual([
      { key: 'scope:users:read', source: 'scope', scope: 'users:read', uses: 0 },
    ]);
    expect(advice.suggested).toEqual({
      role: null,
      scopes: ['orders:read', 'orders:refund'],
      policy: null,
      custom_roles: null,
    });
    await applySuggestion(token.id, advice.suggested);
    expect(await codeOf(token.secret, 'orders:read')).toBe('valid');
    expect(await codeOf(token.secret, 'orders:refund')).toBe('valid');
    expect(await codeOf(token.secret, 'orders:delete')).toBe('forbidden');
    expect(await codeOf(token.secret, 'users:read')).toBe('forbidden');
  });

  it('role only: the role goes, the actions it allowed stay as exact scopes', async () => {
    const token = await createToken(server, server.ownerToken, { role: 'reader', ttl: 3600 });
    expect(await codeOf(token.secret, 'reports:read')).toBe('valid');
    const advice = await adviceOf(token.id);
    expect(advice.used).toEqual([{ key: 'role:reader', source: 'role', role: 'reader', uses: 1 }]);
    expect(advice.suggested).toMatchObject({ role: null, scopes: ['reports:read'] });
    await applySuggestion(token.id, advice.suggested);
    expect(await codeOf(token.secret, 'reports:read')).toBe('valid');
    expect(await codeOf(token.secret, 'invoices:read')).toBe('forbidden');
  });

  it('policy statements and custom roles: exact statements on the observed resources, denies kept', async () => {
    const role = await call(server, 'POST', '/v1/roles', {
      token: server.ownerToken,
      body: {
        key: 'pager',
        name: 'Pager',
        policy: [{ effect: 'allow', actions: ['pager:*'], resources: ['*'] }],
      },
    });
    expect(role.status, role.text).toBe(201);
    const token = await createToken(server, server.ownerToken, {
      ttl: 3600,
      policy: [
        { effect: 'allow', actions: ['deploy:*'], resources: ['services/*'] },
        { effect: 'deny', actions: ['deploy:delete'], resources: ['*'] },
        { effect: 'allow', actions: ['billing:*'], resources: ['*'] },
      ],
      custom_roles: ['pager'],
    });
    expect(await codeOf(token.secret, 'deploy:run', 'services/api')).toBe('valid');
    expect(await codeOf(token.secret, 'deploy:run', 'services/web')).toBe('valid');
    expect(await codeOf(token.secret, 'deploy:delete', 'services/api')).toBe('forbidden');
    expect(await codeOf(token.secret, 'pager:ack', 'incidents/7')).toBe('valid');
    const advice = await adviceOf(token.id);
    expect(advice.used.map((grant: { key: string; uses: number }) => [grant.key, grant.uses])).toEqual([
      ['policy:0', 2],
      ['custom_role:pager:0', 1],
    ]);
    expect(advice.unused.map((grant: { key: string }) => grant.key)).toEqual(['policy:2']);
    expect(advice.suggested.custom_roles).toBeNull();
    await applySuggestion(token.id, advice.suggested);
    expect(await codeOf(token.secret, 'deploy:run', 'services/api')).toBe('valid');
    expect(await codeOf(token.secret, 'deploy:run', 'services/web')).toBe('valid');
    expect(await codeOf(token.secret, 'pager:ack', 'incidents/7')).toBe('valid');
    // Granted before, never used: refused now.
    expect(await codeOf(token.secret, 'deploy:run', 'services/db')).toBe('forbidden');
    expect(await codeOf(token.secret, 'billing:read', 'invoices/1')).toBe('forbidden');
    expect(await codeOf(token.secret, 'pager:ack', 'incidents/8')).toBe('forbidden');
    expect(await codeOf(token.secret, 'deploy:delete', 'services/api')).toBe('forbidden');
  });

  it('a token never asked an action: every grant unused, the empty suggestion', async () => {
    const token = await createToken(server, server.ownerToken, { scopes: ['orders:read'], ttl: 3600 });
    expect((await verify(token.secret, undefined as unknown as string)).body.code).toBe('valid');
    const advice = await adviceOf(token.id);
    expect(advice.used).toEqual([]);
    expect(advice.unused.map((grant: { key: string }) => grant.key)).toEqual(['scope:orders:read']);
    expect(advice.suggested).toEqual({ role: null, scopes: [], policy: null, custom_roles: null });
  });

  it('refused verifications are not uses; days bounds the period; bad days are 400', async () => {
    const token = await createToken(server, server.ownerToken, { scopes: ['orders:read'], ttl: 3600 });
    expect(await codeOf(token.secret, 'orders:write')).toBe('forbidden');
    expect((await adviceOf(token.id, '?days=1')).used).toEqual([]);
    for (const days of ['0', '91', 'x', '1.5']) {
      const answer = await call(server, 'GET', `/v1/tokens/${token.id}/advice?days=${days}`, {
        token: server.ownerToken,
      });
      expect(answer.status, days).toBe(400);
    }
    const other = await call(server, 'GET', '/v1/tokens/tok_0000000000000000000000/advice', {
      token: server.ownerToken,
    });
    expect(other.status).toBe(404);
  });
});
