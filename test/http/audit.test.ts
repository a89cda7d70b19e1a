// Every change writes its audit event, in the same transaction: actor, action, target, time, IP, request id.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });

const events = async (token = server.ownerToken) =>
  (await call(server, 'GET', '/v1/audit-events?limit=100', { token })).body;

describe('audit trail', () => {
  it('records create and revoke with the actor, client IP, request id and time', async () => {
    const self = (await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken })).body;
    const created = await call(server, 'POST', '/v1/tokens', {
      token: server.ownerToken,
      body: { name: 'audited', ttl: 60 },
    });
    const revoked = await call(server, 'DELETE', `/v1/tokens/${created.body.id}`, {
      token: server.ownerToken,
    });
    const trail = (await events()).data;
    const [revokeEvent, createEvent] = trail;
    expect(createEvent).toMatchObject({
      action: 'token.create',
      target_type: 'token',
      target_id: created.body.id,
      actor_token_id: self.id,
      actor_member_id: self.owner_id,
      client_ip: '127.0.0.1',
      request_id: created.headers.get('x-request-id'),
      occurred_at: new Date(clock.nowMs()).toISOString(),
      details: { name: 'audited', type: 'api', lifetime: 'temporary' },
    });
    expect(revokeEvent).toMatchObject({
      action: 'token.revoke',
      target_id: created.body.id,
      request_id: revoked.headers.get('x-request-id'),
    });
  });

  it('counts match changes exactly: refused requests write nothing', async () => {
    const before = (await events()).pagination.total_items;
    await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, body: { ttl: -1 } });
    await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, body: { bogus: 1 } });
    await createToken(server, server.ownerToken, { ttl: 60 });
    const member = await addMember(server, server.ownerToken, 'reader');
    expect((await events()).pagination.total_items).toBe(before + 3);
    expectStatus(await call(server, 'GET', '/v1/audit-events', { token: member.secret }), 403, 'forbidden');
  });

  it('the first start is audited too, with no actor', async () => {
    const trail = (await events()).data;
    const first = trail[trail.length - 1];
    expect(first).toMatchObject({ action: 'member.create', actor_token_id: null, actor_member_id: null });
  });
});
