// The events verification itself causes, delivered to a real receiver: a rotated-out secret used in
// its grace, the last use spent, a rate limit hit, a canary presented. Each once (within its quiet
// period), signed, carrying the token object and, where SPEC says, who presented it through which door.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, type TestServer } from '../../helpers/server.js';
import { verifiesWith, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { startServerWithWebhook, stopServerWithWebhook } from '../../helpers/webhook-server.js';

let server: TestServer;
let receiver: WebhookReceiver;
let signingSecret: string;

beforeAll(async () => {
  ({
    server,
    receiver,
    secret: signingSecret,
  } = await startServerWithWebhook(
    ['token.used_in_grace', 'token.exhausted', 'token.rate_limited', 'token.canary_triggered'],
    '/verify-events',
  ));
});
afterAll(() => stopServerWithWebhook({ server, receiver }));

const verify = (token: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call(server, 'POST', '/v1/verify', { body: { token, ...extra }, headers });

/** The deliveries of one type about one token, once at least `count` arrived (and a moment for more). */
async function deliveriesOf(type: string, tokenId: string, count = 1) {
  const about = () => receiver.ofType(type).filter((delivery) => delivery.body.data.id === tokenId);
  await receiver.waitFor(() => about().length >= count);
  // Anything more would come with the same flush: give it a second and a poll to show up.
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  for (const delivery of about()) expect(verifiesWith(signingSecret, delivery)).toBe(true);
  return about();
}

describe('verify-time events', () => {
  it('token.used_in_grace: once a minute, with the presenter’s ip, user agent and door', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600, name: 'rotating' });
    const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
      token: server.ownerToken,
      body: { expiry: Date.now() + 600_000 },
    });
    expect(rotated.status, rotated.text).toBe(200);
    // The old secret, three times through verify and once through the bearer door; the new one too.
    for (let i = 0; i < 3; i++) {
      expect(
        (await verify(token.secret, { ip: '203.0.113.9' }, { 'user-agent': 'legacy-client/1.0' })).body.code,
      ).toBe('valid');
    }
    expect((await call(server, 'GET', '/v1/tokens/self', { token: token.secret })).status).toBe(200);
    expect((await verify(rotated.body.secret)).body.code).toBe('valid');
    const [delivery, ...more] = await deliveriesOf('token.used_in_grace', token.id);
    expect(more).toEqual([]);
    expect(delivery!.body.data).toMatchObject({
      id: token.id,
      name: 'rotating',
      ip: '203.0.113.9',
      user_agent: 'legacy-client/1.0',
      door: 'verify',
    });
    expect(delivery!.rawBody).not.toContain(token.secret);
    expect(delivery!.rawBody).not.toContain(rotated.body.secret);
  });

  it('token.exhausted: when the last use is spent, once', async () => {
    const token = await createToken(server, server.ownerToken, { ttl: 3600, max_uses: 2 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await verify(token.secret)).body.code);
    expect(codes).toEqual(['valid', 'valid', 'usage_exceeded', 'usage_exceeded']);
    const [delivery, ...more] = await deliveriesOf('token.exhausted', token.id);
    expect(more).toEqual([]);
    expect(delivery!.body.data).toMatchObject({ id: token.id, max_uses: 2, remaining_uses: 0 });
  });

  it('token.rate_limited: once per token and window, however often it is refused', async () => {
    const token = await createToken(server, server.ownerToken, {
      ttl: 3600,
      rate_limit: { limit: 1, window_seconds: 3600 },
    });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await verify(token.secret)).body.code);
    expect(codes).toEqual(['valid', 'rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    const [delivery, ...more] = await deliveriesOf('token.rate_limited', token.id);
    expect(more).toEqual([]);
    expect(delivery!.body.data).toMatchObject({
      id: token.id,
      rate_limit: { limit: 1, window_seconds: 3600 },
    });
  });

  it('token.canary_triggered: ip, user agent and door for the owner, nothing for the presenter', async () => {
    const canary = await createToken(server, server.ownerToken, { canary: true, name: 'bait', ttl: 3600 });
    const answer = await call(server, 'GET', '/compat/fastly/tokens/self', {
      headers: { 'fastly-key': canary.secret, 'user-agent': 'curious/2.0' },
    });
    expect(answer.status).toBe(401);
    const [delivery] = await deliveriesOf('token.canary_triggered', canary.id);
    expect(delivery!.body.data).toMatchObject({
      id: canary.id,
      name: 'bait',
      canary: true,
      ip: '127.0.0.1',
      user_agent: 'curious/2.0',
      door: 'fastly',
    });
    expect(delivery!.rawBody).not.toContain(canary.secret);
  });

  it('token.canary_triggered through the verify fast path names its presenter and the verify door', async () => {
    const canary = await createToken(server, server.ownerToken, {
      canary: true,
      name: 'fast-bait',
      ttl: 3600,
    });
    const served = server.running.app.verifyFastPath.counts.served;
    // A plain {"token"} body: answered on the fast path, which must raise the same event.
    await verify(canary.secret, {}, { 'user-agent': 'scanner/3.1' });
    expect(server.running.app.verifyFastPath.counts.served).toBe(served + 1);
    const [delivery] = await deliveriesOf('token.canary_triggered', canary.id);
    expect(delivery!.body.data).toMatchObject({
      id: canary.id,
      canary: true,
      ip: '127.0.0.1',
      user_agent: 'scanner/3.1',
      door: 'verify',
    });
  });
});
