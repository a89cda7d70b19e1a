// Lifecycle events reach a real receiver on loopback: every event a token or member change writes is
// delivered once, signed so that an independent Standard Webhooks check passes, in order per token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, createToken, type TestServer } from '../../helpers/server.js';
import { verifiesWith, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { startServerWithWebhook, stopServerWithWebhook } from '../../helpers/webhook-server.js';

let server: TestServer;
let receiver: WebhookReceiver;
let secret: string;

beforeAll(async () => {
  ({ server, receiver, secret } = await startServerWithWebhook(['*']));
});
afterAll(() => stopServerWithWebhook({ server, receiver }));

describe('event delivery', () => {
  it('delivers every token and member event once, signed, with the object as the API answers it', async () => {
    const token = await createToken(server, server.ownerToken, { name: 'delivered', ttl: 3600 });
    const patched = await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
      token: server.ownerToken,
      body: { description: 'changed' },
    });
    expect(patched.status).toBe(200);
    const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, { token: server.ownerToken });
    expect(rotated.status).toBe(200);
    expect(
      (await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken })).status,
    ).toBe(204);
    const { member } = await addMember(server, server.ownerToken, 'reader');
    expect(
      (
        await call(server, 'PATCH', `/v1/members/${member.id}`, {
          token: server.ownerToken,
          body: { role: 'writer' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(server, 'DELETE', `/v1/members/${member.id}`, { token: server.ownerToken })).status,
    ).toBe(204);

    const expected = [
      'token.created',
      'token.updated',
      'token.rotated',
      'token.revoked',
      'member.created',
      'member.updated',
      'member.removed',
    ];
    await receiver.waitFor((received) =>
      expected.every((type) => received.some((d) => d.body.type === type)),
    );
    // The member's first token is announced too, beside member.created.
    await receiver.waitFor(
      (received) => received.filter((d) => d.body.type === 'token.created').length === 2,
    );
    for (const delivery of receiver.received) {
      expect(verifiesWith(secret, delivery)).toBe(true);
      expect(delivery.headers['webhook-id']).toMatch(/^evt_/);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(Object.keys(delivery.body)).toEqual(['type', 'timestamp', 'data']);
      expect(delivery.rawBody).not.toMatch(/tsr_[as]\d_/);
      expect(delivery.rawBody).not.toContain('whsec_');
    }
    const ofToken = receiver.received.filter((d) => d.body.data.id === token.id).map((d) => d.body.type);
    expect(ofToken).toEqual(['token.created', 'token.updated', 'token.rotated', 'token.revoked']);
    const got = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
    expect(receiver.ofType('token.revoked')[0]!.body.data).toEqual(got.body);
    const memberData = receiver.ofType('member.updated')[0]!.body.data;
    expect(memberData).toMatchObject({ id: member.id, role: 'writer' });
    // Each event exactly once: no webhook-id twice.
    const ids = receiver.received.map((d) => d.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
