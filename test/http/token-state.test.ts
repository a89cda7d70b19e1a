// State you can read (issue 20, items 6 and 9): a token object says its status now, the role it acts
// with now, and until when a rotated-out secret still works; lists filter by status.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });

const read = async (id: string, token = server.ownerToken) =>
  (await call(server, 'GET', `/v1/tokens/${id}`, { token })).body;
const listIds = async (query: string) => {
  const answer = await call(server, 'GET', `/v1/tokens?show_all=true&limit=100&${query}`, {
    token: server.ownerToken,
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data.map((token: { id: string }) => token.id);
};

describe('status', () => {
  it('is active, disabled, expired, not_yet_valid or revoked, in that order, and lists filter by it', async () => {
    const active = await createToken(server, server.ownerToken, { name: 'state-active', ttl: 3600 });
    const disabled = await createToken(server, server.ownerToken, { name: 'state-disabled', ttl: 3600 });
    await call(server, 'PATCH', `/v1/tokens/${disabled.id}`, {
      token: server.ownerToken,
      body: { is_active: false },
    });
    const expiring = await createToken(server, server.ownerToken, { name: 'state-expired', ttl: 60 });
    const later = await createToken(server, server.ownerToken, {
      name: 'state-later',
      not_before: new Date(clock.nowMs() + 7_200_000).toISOString(),
      ttl: 10_800,
    });
    const revoked = await createToken(server, server.ownerToken, { name: 'state-revoked', ttl: 3600 });
    await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken });
    clock.advance(120_000);

    const expected = {
      [active.id]: 'active',
      [disabled.id]: 'disabled',
      [expiring.id]: 'expired',
      [later.id]: 'not_yet_valid',
      [revoked.id]: 'revoked',
    };
    for (const [id, status] of Object.entries(expected)) expect((await read(id)).status, status).toBe(status);
    // A revoked token still says is_active: true (it was never switched off); status tells the truth.
    expect(await read(revoked.id)).toMatchObject({ is_active: true, status: 'revoked' });

    const reached: Record<string, number> = {};
    for (const status of ['active', 'disabled', 'expired', 'not_yet_valid', 'revoked']) {
      const ids = await listIds(`status=${status}`);
      for (const [id, want] of Object.entries(expected)) {
        expect(ids.includes(id), `${id} in status=${status}`).toBe(want === status);
        if (want === status) reached[status] = (reached[status] ?? 0) + 1;
      }
    }
    console.log(`status filter cases reached: ${JSON.stringify(reached)}`);
    expect(Object.keys(reached)).toHaveLength(5);
    const both = await call(server, 'GET', '/v1/tokens?status=revoked&revoked=true', {
      token: server.ownerToken,
    });
    expect(both.status).toBe(400);
    expect((await call(server, 'GET', '/v1/tokens?status=gone', { token: server.ownerToken })).status).toBe(
      400,
    );
  });

  it('a removed member’s tokens are disabled', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    const self = (await call(server, 'GET', '/v1/tokens/self', { token: member.secret })).body;
    expect(self.status).toBe('active');
    await call(server, 'DELETE', `/v1/members/${member.member.id}`, { token: server.ownerToken });
    expect(await read(self.id)).toMatchObject({ status: 'disabled', effective_role: null });
    expect(await listIds('status=disabled')).toContain(self.id);
  });
});

describe('effective_role', () => {
  it('follows a demotion at once, on get, on self and in verify’s permissions', async () => {
    const member = await addMember(server, server.ownerToken, 'admin');
    const self = (await call(server, 'GET', '/v1/tokens/self', { token: member.secret })).body;
    expect(self).toMatchObject({ role: 'admin', effective_role: 'admin' });
    const demoted = await call(server, 'PATCH', `/v1/members/${member.member.id}`, {
      token: server.ownerToken,
      body: { role: 'reader' },
    });
    expect(demoted.status, demoted.text).toBe(200);
    expect(await read(self.id)).toMatchObject({ role: 'admin', effective_role: 'reader' });
    expect((await call(server, 'GET', '/v1/tokens/self', { token: member.secret })).body).toMatchObject({
      role: 'admin',
      effective_role: 'reader',
    });
    const verified = await call(server, 'POST', '/v1/verify', { body: { token: member.secret } });
    expect(verified.body.permissions).toMatchObject({ role: 'admin', effective_role: 'reader' });
    const none = await createToken(server, server.ownerToken, {
      name: 'no-role',
      scopes: ['orders:read'],
      ttl: 60,
    });
    expect(none).toMatchObject({ role: null, effective_role: null });
  });
});

describe('previous_secret_expires_at', () => {
  it('says until when the rotated-out secret works, and null once it does not (or there was no grace)', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'rotating', ttl: 86_400 });
    expect(token.previous_secret_expires_at).toBeNull();
    const graceEnd = clock.nowMs() + 600_000;
    const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
      token: server.ownerToken,
      body: { expiry: graceEnd },
    });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.previous_secret_expires_at).toBe(new Date(graceEnd).toISOString());
    expect((await read(token.id)).previous_secret_expires_at).toBe(new Date(graceEnd).toISOString());
    const listed = (
      await call(server, 'GET', `/v1/tokens?show_all=true&name_prefix=rotating`, { token: server.ownerToken })
    ).body.data[0];
    expect(listed.previous_secret_expires_at).toBe(new Date(graceEnd).toISOString());
    clock.advance(600_001);
    expect((await read(token.id)).previous_secret_expires_at).toBeNull();
    const again = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken });
    expect(again.body.previous_secret_expires_at).toBeNull();
    expect((await read(token.id)).previous_secret_expires_at).toBeNull();
  });
});
