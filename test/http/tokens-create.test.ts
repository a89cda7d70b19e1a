// POST /v1/tokens: defaults, unique names, the SPEC's refusals, and no escalation past the caller.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors.js';
import { SECRET_REGEX } from '../../src/core/secret.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, snapshot, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });
const iso = (ms: number) => new Date(ms).toISOString();

describe('create: defaults and shape', () => {
  it('answers 201 with every public field and the secret, shown this once', async () => {
    const answer = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      body: {
        name: 'ci',
        description: 'deploys',
        scopes: ['orders:read'],
        ttl: 3600,
        metadata: { team: 'payments' },
        default_api_version: 20220603,
      },
    });
    expectStatus(answer, 201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const token = answer.body;
    expect(token.secret).toMatch(SECRET_REGEX);
    expect(token.secret.startsWith('tsr_a0_')).toBe(true);
    expect(token.hint).toBe(token.secret.slice(-4));
    expect(Object.keys(token).sort()).toEqual(
      [
        'id',
        'serial',
        'name',
        'description',
        'type',
        'kind',
        'lifetime',
        'is_active',
        'canary',
        'service',
        'owner_id',
        'tenant_id',
        'space',
        'role',
        'scopes',
        'policy',
        'custom_roles',
        'allowed_cidrs',
        'rate_limit',
        'max_uses',
        'remaining_uses',
        'metadata',
        'default_api_version',
        'hint',
        'created_at',
        'updated_at',
        'not_before',
        'expires_at',
        'revoked_at',
        'revoked_reason',
        'last_used_at',
        'last_used_ip',
        'last_used_user_agent',
        'status',
        'effective_role',
        'previous_secret_expires_at',
        'imported',
        'secret',
      ].sort(),
    );
    expect(token).toMatchObject({
      name: 'ci',
      type: 'api',
      kind: 'account',
      lifetime: 'temporary',
      is_active: true,
      canary: false,
      role: null,
      scopes: ['orders:read'],
      metadata: { team: 'payments' },
      default_api_version: 20220603,
      created_at: iso(clock.nowMs()),
      expires_at: iso(clock.nowMs() + 3_600_000),
      revoked_at: null,
      revoked_reason: null,
      status: 'active',
      effective_role: null,
      previous_secret_expires_at: null,
      imported: false,
    });
    const read = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expectStatus(read, 200);
    expect(read.body.secret).toBeUndefined();
    expect(read.text).not.toContain(token.secret);
    const { secret, ...publicFields } = token;
    expect(read.body).toEqual(publicFields);
  });

  it('applies SPEC lifetimes: api permanent, temporary 24 h, session 30 min', async () => {
    const now = clock.nowMs();
    expect((await createToken(server, server.ownerToken, { name: 'p' })).expires_at).toBeNull();
    expect(
      (await createToken(server, server.ownerToken, { name: 't', lifetime: 'temporary' })).expires_at,
    ).toBe(iso(now + 86_400_000));
    const session = await createToken(server, server.ownerToken, { name: 's', type: 'session' });
    expect(session.expires_at).toBe(iso(now + 1_800_000));
    expect(session.secret.startsWith('tsr_s0_')).toBe(true);
    expect(
      (await createToken(server, server.ownerToken, { name: 'e', expires_at: iso(now + 5000) })).expires_at,
    ).toBe(iso(now + 5000));
  });

  it('copies the calling token grants when none are given', async () => {
    const created = await createToken(server, server.ownerToken, { name: 'copy', ttl: 60 });
    expect(created).toMatchObject({ role: 'owner', scopes: [] });
  });

  it('makes a taken name unique with -1, -2 (TileDB)', async () => {
    const names = [];
    for (let index = 0; index < 3; index++)
      names.push((await createToken(server, server.ownerToken, { name: 'dup', ttl: 60 })).name);
    expect(names).toEqual(['dup', 'dup-1', 'dup-2']);
  });
});

describe('create: refusals change nothing (RELIABILITY B)', () => {
  const now = () => clock.nowMs();
  const badBodies: [string, () => unknown, ErrorCode][] = [
    ['ttl and expires_at together', () => ({ ttl: 60, expires_at: iso(now() + 60_000) }), 'invalid_request'],
    ['expires_at in the past', () => ({ expires_at: iso(now() - 1) }), 'invalid_request'],
    ['expires_at unparseable', () => ({ expires_at: 'tomorrow' }), 'invalid_request'],
    ['expires_at absurdly far', () => ({ expires_at: '9999-12-31T00:00:00.000Z' }), 'invalid_request'],
    ['client-chosen id', () => ({ id: 'tok_mine' }), 'unknown_field'],
    ['client-chosen secret', () => ({ secret: 'tsr_a0_x' }), 'unknown_field'],
    ['client-chosen owner_id', () => ({ owner_id: 'mem_x' }), 'unknown_field'],
    ['a name of 10 000 characters', () => ({ name: 'n'.repeat(10_000) }), 'invalid_request'],
    ['unknown role', () => ({ role: 'superuser' }), 'invalid_request'],
    ['scope with bad characters', () => ({ scopes: ['orders read'] }), 'invalid_request'],
    ['scope too long', () => ({ scopes: ['a'.repeat(200)] }), 'invalid_request'],
    ['ttl zero', () => ({ ttl: 0 }), 'invalid_request'],
    ['ttl fractional', () => ({ ttl: 1.5 }), 'invalid_request'],
    ['type unknown', () => ({ type: 'robot' }), 'invalid_request'],
    [
      'metadata nested 100 deep',
      () => ({ metadata: JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) }),
      'invalid_json',
    ],
    [
      'metadata nested 10 deep (JSON fine, metadata too deep)',
      () => ({ metadata: JSON.parse(`${'{"a":'.repeat(10)}1${'}'.repeat(10)}`) }),
      'invalid_request',
    ],
    [
      'expires_at on an impossible date',
      () => ({ expires_at: '2030-02-31T00:00:00.000Z' }),
      'invalid_request',
    ],
    ['expires_at at hour 24', () => ({ expires_at: '2030-02-01T24:00:00.000Z' }), 'invalid_request'],
    ['metadata over its size bound', () => ({ metadata: { blob: 'x'.repeat(5000) } }), 'invalid_request'],
    ['metadata an array', () => ({ metadata: [1, 2] }), 'invalid_request'],
    ['an array where an object belongs', () => [{ name: 'x' }], 'invalid_request'],
    ['a permanent session', () => ({ type: 'session', lifetime: 'permanent' }), 'invalid_request'],
  ];
  it.each(badBodies)('%s → 400 %s', async (_name, body, code) => {
    const before = await snapshot(server);
    const answer = await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, body: body() });
    expectStatus(answer, 400, code);
    expect(answer.body).toMatchObject({ status: 400, code, type: `urn:tessera:problem:${code}` });
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await snapshot(server)).toEqual(before);
  });
});

describe('create: no escalation', () => {
  it('a reader cannot create tokens at all, a writer cannot mint wider than itself', async () => {
    const reader = await addMember(server, server.ownerToken, 'reader');
    const refused = await call(server, 'POST', '/v1/tokens', {
      token: reader.secret,
      body: { scopes: ['orders:read'], ttl: 60 },
    });
    expectStatus(refused, 403, 'forbidden');

    const writer = await addMember(server, server.ownerToken, 'writer');
    const before = await snapshot(server);
    for (const body of [
      { role: 'admin', ttl: 60 },
      { scopes: ['members:write'], ttl: 60 },
      { role: 'owner' },
    ]) {
      const answer = await call(server, 'POST', '/v1/tokens', { token: writer.secret, body });
      expectStatus(answer, 403, 'forbidden', JSON.stringify(body));
    }
    expect(await snapshot(server)).toEqual(before);
    expect((await createToken(server, writer.secret, { role: 'reader', ttl: 60 })).role).toBe('reader');
  });

  it('an expiring token cannot mint a permanent one, nor one that outlives it', async () => {
    const expiring = await createToken(server, server.ownerToken, { name: 'short', ttl: 600 });
    const permanent = await call(server, 'POST', '/v1/tokens', {
      token: expiring.secret,
      body: { name: 'forever' },
    });
    expectStatus(permanent, 403, 'forbidden');
    const longer = await call(server, 'POST', '/v1/tokens', { token: expiring.secret, body: { ttl: 601 } });
    expectStatus(longer, 403, 'forbidden');
    expectStatus(
      await call(server, 'POST', '/v1/tokens', { token: expiring.secret, body: { ttl: 600 } }),
      201,
    );
  });
});
