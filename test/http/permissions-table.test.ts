// Walks every route of docs/permissions.md's table × every role, as the first token of a fresh member
// with that role, and checks the documented status. The table is read from the doc, so the two agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMember, call, createToken, type TestServer, useTestServer } from '../helpers/server.js';

const server = useTestServer({ env: { TESSERA_IMPORT_PREFIXES: 'legacy_' } });
const ROLES = ['reader', 'writer', 'admin', 'owner'] as const;
type Role = (typeof ROLES)[number];

interface Row {
  readonly route: string;
  readonly expected: Readonly<Record<Role, number>>;
}

function documentedRows(): Row[] {
  const doc = readFileSync(new URL('../../docs/permissions.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Route by route'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && line.includes('`') && !/^\|[\s|:-]+$/.test(line))
    .map((line) => {
      const cells = line
        .split('|')
        .map((cell) => cell.trim())
        .filter((_cell, index, all) => index > 0 && index < all.length - 1);
      const statuses = cells.slice(2).map(Number);
      return {
        route: cells[0]!.replaceAll('`', ''),
        expected: Object.fromEntries(ROLES.map((role, index) => [role, statuses[index]!])) as Record<
          Role,
          number
        >,
      };
    });
}

interface Caller {
  readonly secret: string;
  readonly memberId: string;
}

/** How each documented route is called: fixtures made by the tenant owner, then one request as the caller. */
const REQUESTS: Record<string, (server: TestServer, caller: Caller, role: Role) => Promise<number>> = {
  'GET /v1/tokens/self': async (s, c) =>
    (await call(s, 'GET', '/v1/tokens/self', { token: c.secret })).status,
  'GET /v1/tokens': async (s, c) => (await call(s, 'GET', '/v1/tokens', { token: c.secret })).status,
  'GET /v1/tokens?show_all=true': async (s, c) =>
    (await call(s, 'GET', '/v1/tokens?show_all=true', { token: c.secret })).status,
  'POST /v1/tokens': async (s, c) =>
    (await call(s, 'POST', '/v1/tokens', { token: c.secret, body: { ttl: 60 } })).status,
  'POST /v1/tokens with service: true': async (s, c, role) =>
    (
      await call(s, 'POST', '/v1/tokens', {
        token: c.secret,
        body: { service: true, role: role === 'owner' ? 'admin' : role, ttl: 60 },
      })
    ).status,
  'GET /v1/tokens/{id} (own)': async (s, c) =>
    (await call(s, 'GET', `/v1/tokens/${await ownTokenId(s, c)}`, { token: c.secret })).status,
  "GET /v1/tokens/{id} (another's)": async (s, c) =>
    (await call(s, 'GET', `/v1/tokens/${await othersTokenId(s)}`, { token: c.secret })).status,
  'PATCH /v1/tokens/{id} (own)': async (s, c) =>
    (
      await call(s, 'PATCH', `/v1/tokens/${await ownTokenId(s, c)}`, {
        token: c.secret,
        body: { description: 'mine' },
      })
    ).status,
  "PATCH /v1/tokens/{id} (another's)": async (s, c) =>
    (
      await call(s, 'PATCH', `/v1/tokens/${await othersTokenId(s)}`, {
        token: c.secret,
        body: { description: 'theirs' },
      })
    ).status,
  'POST /v1/tokens/{id}/rotate (own)': async (s, c, role) => {
    // A reader cannot mint a second token to rotate, so it tries its own (and must be refused).
    const target =
      role === 'reader' ? await ownTokenId(s, c) : (await createToken(s, c.secret, { ttl: 60 })).id;
    return (await call(s, 'POST', `/v1/tokens/${target}/rotate`, { token: c.secret })).status;
  },
  'POST /v1/tokens/{id}/reset (own)': async (s, c, role) => {
    const target =
      role === 'reader' ? await ownTokenId(s, c) : (await createToken(s, c.secret, { ttl: 60 })).id;
    return (await call(s, 'POST', `/v1/tokens/${target}/reset`, { token: c.secret })).status;
  },
  "POST /v1/tokens/{id}/rotate (another's)": async (s, c) =>
    (await call(s, 'POST', `/v1/tokens/${await othersTokenId(s)}/rotate`, { token: c.secret })).status,
  "DELETE /v1/tokens/{id} (another's)": async (s, c) =>
    (await call(s, 'DELETE', `/v1/tokens/${await othersTokenId(s)}`, { token: c.secret })).status,
  'DELETE /v1/tokens (own, bulk)': async (s, c) =>
    (await call(s, 'DELETE', '/v1/tokens?permanent=false', { token: c.secret })).status,
  'POST /v1/tokens/lookup (own)': async (s, c) =>
    (await call(s, 'POST', '/v1/tokens/lookup', { token: c.secret, body: { secret: c.secret } })).status,
  'GET /v1/tenants/{id}/tokens (own tenant)': async (s, c) => {
    const tenantId = (await call(s, 'GET', '/v1/tokens/self', { token: c.secret })).body.tenant_id;
    return (await call(s, 'GET', `/v1/tenants/${tenantId}/tokens`, { token: c.secret })).status;
  },
  'GET /v1/members': async (s, c) => (await call(s, 'GET', '/v1/members', { token: c.secret })).status,
  'GET /v1/members/{id}': async (s, c) => {
    const target = await addMember(s, s.ownerToken, 'reader');
    return (await call(s, 'GET', `/v1/members/${target.member.id}`, { token: c.secret })).status;
  },
  'POST /v1/members (a reader)': async (s, c) =>
    (
      await call(s, 'POST', '/v1/members', {
        token: c.secret,
        body: { email: `${Math.random()}@example.com`, role: 'reader' },
      })
    ).status,
  'PATCH /v1/members/{id} (a reader to writer)': async (s, c) => {
    const target = await addMember(s, s.ownerToken, 'reader');
    return (
      await call(s, 'PATCH', `/v1/members/${target.member.id}`, { token: c.secret, body: { role: 'writer' } })
    ).status;
  },
  'DELETE /v1/members/{id} (a reader)': async (s, c) => {
    const target = await addMember(s, s.ownerToken, 'reader');
    return (await call(s, 'DELETE', `/v1/members/${target.member.id}`, { token: c.secret })).status;
  },
  'POST /v1/members/{id}/tokens (a reader)': async (s, c) => {
    const target = await addMember(s, s.ownerToken, 'reader');
    return (
      await call(s, 'POST', `/v1/members/${target.member.id}/tokens`, { token: c.secret, body: { ttl: 60 } })
    ).status;
  },
  'GET /v1/audit-events/export': async (s, c) =>
    (await call(s, 'GET', '/v1/audit-events/export', { token: c.secret })).status,
  'GET /v1/tenants/{id} (another tenant)': async (s, c) => {
    const made = await call(s, 'POST', '/v1/tenants', { token: s.ownerToken, body: { name: 'read' } });
    return (await call(s, 'GET', `/v1/tenants/${made.body.tenant.id}`, { token: c.secret })).status;
  },
  'DELETE /v1/tenants/{id} (another tenant)': async (s, c) => {
    const made = await call(s, 'POST', '/v1/tenants', { token: s.ownerToken, body: { name: 'doomed' } });
    return (await call(s, 'DELETE', `/v1/tenants/${made.body.tenant.id}`, { token: c.secret })).status;
  },
  'GET /v1/roles': async (s, c) => (await call(s, 'GET', '/v1/roles', { token: c.secret })).status,
  'POST /v1/roles': async (s, c) =>
    (
      await call(s, 'POST', '/v1/roles', {
        token: c.secret,
        body: { key: `r${Date.now()}${Math.floor(Math.random() * 1e6)}`, name: 'r', policy: [] },
      })
    ).status,
  'GET /v1/roles/{key}': async (s, c) =>
    (await call(s, 'GET', `/v1/roles/${await ownerMade(s, 'roles')}`, { token: c.secret })).status,
  'PATCH /v1/roles/{key}': async (s, c) =>
    (
      await call(s, 'PATCH', `/v1/roles/${await ownerMade(s, 'roles')}`, {
        token: c.secret,
        body: { name: 'renamed', policy: [] },
      })
    ).status,
  'DELETE /v1/roles/{key} (unused)': async (s, c) =>
    (await call(s, 'DELETE', `/v1/roles/${await ownerMade(s, 'roles')}`, { token: c.secret })).status,
  'GET /v1/spaces/{key}': async (s, c) =>
    (await call(s, 'GET', `/v1/spaces/${await ownerMade(s, 'spaces')}`, { token: c.secret })).status,
  'PATCH /v1/spaces/{key}': async (s, c) =>
    (
      await call(s, 'PATCH', `/v1/spaces/${await ownerMade(s, 'spaces')}`, {
        token: c.secret,
        body: { name: 'renamed' },
      })
    ).status,
  'DELETE /v1/spaces/{key} (unused)': async (s, c) =>
    (await call(s, 'DELETE', `/v1/spaces/${await ownerMade(s, 'spaces')}`, { token: c.secret })).status,
  'PATCH /v1/tenants/{id} (another tenant)': async (s, c) => {
    const made = await call(s, 'POST', '/v1/tenants', { token: s.ownerToken, body: { name: 'target' } });
    return (
      await call(s, 'PATCH', `/v1/tenants/${made.body.tenant.id}`, {
        token: c.secret,
        body: { suspended: true },
      })
    ).status;
  },
  'GET /v1/spaces': async (s, c) => (await call(s, 'GET', '/v1/spaces', { token: c.secret })).status,
  'POST /v1/spaces': async (s, c) =>
    (
      await call(s, 'POST', '/v1/spaces', {
        token: c.secret,
        body: { key: `s${Date.now()}${Math.floor(Math.random() * 1e6)}`, name: 's' },
      })
    ).status,
  'GET /v1/audit-events': async (s, c) =>
    (await call(s, 'GET', '/v1/audit-events', { token: c.secret })).status,
  'GET /v1/tenants (operator tenant)': async (s, c) =>
    (await call(s, 'GET', '/v1/tenants', { token: c.secret })).status,
  'POST /v1/tenants (operator tenant)': async (s, c) =>
    (await call(s, 'POST', '/v1/tenants', { token: c.secret, body: { name: 'made' } })).status,
  'DELETE /v1/tokens/self': async (s, c) =>
    (await call(s, 'DELETE', '/v1/tokens/self', { token: c.secret })).status,
  'GET /v1/tokens/{id}/usage (own)': async (s, c) =>
    (await call(s, 'GET', `/v1/tokens/${await ownTokenId(s, c)}/usage`, { token: c.secret })).status,
  "GET /v1/tokens/{id}/usage (another's)": async (s, c) =>
    (await call(s, 'GET', `/v1/tokens/${await othersTokenId(s)}/usage`, { token: c.secret })).status,
  'GET /v1/tokens/{id}/advice (own)': async (s, c) =>
    (await call(s, 'GET', `/v1/tokens/${await ownTokenId(s, c)}/advice`, { token: c.secret })).status,
  'POST /v1/tokens/import': async (s, c) =>
    (
      await call(s, 'POST', '/v1/tokens/import', {
        token: c.secret,
        body: { tokens: [{ secret: `legacy_${globalThis.crypto.randomUUID()}`, ttl: 60 }] },
      })
    ).status,
  // Public: holding the secret is the proof; the caller's own token is reported (and so revoked).
  'POST /v1/leaks (public)': async (s, c) =>
    (await call(s, 'POST', '/v1/leaks', { body: { secrets: [c.secret] } })).status,
  'GET /v1/usage': async (s, c) => (await call(s, 'GET', '/v1/usage', { token: c.secret })).status,
  'GET /v1/webhooks': async (s, c) => (await call(s, 'GET', '/v1/webhooks', { token: c.secret })).status,
  'POST /v1/webhooks': async (s, c) =>
    (await call(s, 'POST', '/v1/webhooks', { token: c.secret, body: WEBHOOK_BODY })).status,
  'GET /v1/webhooks/{id}': async (s, c) =>
    (await call(s, 'GET', `/v1/webhooks/${await ownerWebhook(s)}`, { token: c.secret })).status,
  'PATCH /v1/webhooks/{id}': async (s, c) =>
    (
      await call(s, 'PATCH', `/v1/webhooks/${await ownerWebhook(s)}`, {
        token: c.secret,
        body: { description: 'changed' },
      })
    ).status,
  'DELETE /v1/webhooks/{id}': async (s, c) =>
    (await call(s, 'DELETE', `/v1/webhooks/${await ownerWebhook(s)}`, { token: c.secret })).status,
  'POST /v1/webhooks/{id}/rotate-secret': async (s, c) =>
    (await call(s, 'POST', `/v1/webhooks/${await ownerWebhook(s)}/rotate-secret`, { token: c.secret }))
      .status,
  'POST /v1/webhooks/{id}/test': async (s, c) =>
    (await call(s, 'POST', `/v1/webhooks/${await ownerWebhook(s)}/test`, { token: c.secret })).status,
  'GET /v1/webhooks/{id}/deliveries': async (s, c) =>
    (await call(s, 'GET', `/v1/webhooks/${await ownerWebhook(s)}/deliveries`, { token: c.secret })).status,
  'POST /v1/webhooks/{id}/deliveries/{d}/retry': async (s, c) => {
    const webhook = await ownerWebhook(s);
    const ping = await call(s, 'POST', `/v1/webhooks/${webhook}/test`, { token: s.ownerToken });
    return (
      await call(s, 'POST', `/v1/webhooks/${webhook}/deliveries/${ping.body.id}/retry`, { token: c.secret })
    ).status;
  },
};

/** A documentation-range address (192.0.2.0/24): public to the SSRF check, and nobody answers there. */
const WEBHOOK_BODY = { url: 'http://192.0.2.1/hook', events: ['token.created'] };

/** A fresh webhook endpoint made by the tenant owner; its id. */
async function ownerWebhook(s: TestServer): Promise<string> {
  const answer = await call(s, 'POST', '/v1/webhooks', { token: s.ownerToken, body: WEBHOOK_BODY });
  if (answer.status !== 201) throw new Error(`fixture webhook ${answer.status}`);
  return answer.body.webhook.id;
}

let made = 0;
/** A fresh custom role or space made by the tenant owner; its key. */
async function ownerMade(s: TestServer, kind: 'roles' | 'spaces'): Promise<string> {
  const key = `${kind.slice(0, 1)}${++made}`;
  const body = kind === 'roles' ? { key, name: key, policy: [] } : { key, name: key };
  const answer = await call(s, 'POST', `/v1/${kind}`, { token: s.ownerToken, body });
  if (answer.status !== 201) throw new Error(`fixture ${kind} ${answer.status}`);
  return key;
}

async function ownTokenId(s: TestServer, caller: Caller): Promise<string> {
  return (await call(s, 'GET', '/v1/tokens/self', { token: caller.secret })).body.id;
}

async function othersTokenId(s: TestServer): Promise<string> {
  const other = await addMember(s, s.ownerToken, 'writer');
  return (await createToken(s, other.secret, { ttl: 600 })).id;
}

describe('docs/permissions.md, route by route and role by role', () => {
  const rows = documentedRows();

  it('documents exactly the routes this test knows how to call', () => {
    expect(rows.map((row) => row.route).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  it.each(rows.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const observed: Partial<Record<Role, number>> = {};
    for (const role of ROLES) {
      const member = await addMember(server, server.ownerToken, role);
      observed[role] = await REQUESTS[row.route]!(
        server,
        { secret: member.secret, memberId: member.member.id },
        role,
      );
    }
    expect(observed).toEqual(row.expected);
  });
});
