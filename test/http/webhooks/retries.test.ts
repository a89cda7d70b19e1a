// Delivery is at-least-once with retries: a 500, a timeout and a redirect are failed attempts, retried
// on the backoff schedule (the injected clock moves time; nothing sleeps for minutes), one token's
// events stay in order behind a failing one, and after 24 h of failures a delivery is `failed`; an
// endpoint whose last 100 events all failed is disabled.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/clock.js';
import { call, createToken, startTestServer, type TestServer } from '../../helpers/server.js';
import { verifiesWith, WebhookReceiver } from '../../helpers/webhook-receiver.js';

const clock = new ManualClock(Date.now());
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    clock,
    env: {
      TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true',
      TESSERA_WEBHOOK_POLL_MS: '50',
      TESSERA_WEBHOOK_TIMEOUT_MS: '300',
    },
  });
});
afterAll(() => server?.close());

async function endpoint(url: string, events: string[] = ['*']) {
  const created = await call(server, 'POST', '/v1/webhooks', {
    token: server.ownerToken,
    body: { url, events },
  });
  expect(created.status).toBe(201);
  return { id: created.body.webhook.id as string, secret: created.body.secret as string };
}

async function deliveriesOf(webhookId: string) {
  const answer = await call(server, 'GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`, {
    token: server.ownerToken,
  });
  expect(answer.status).toBe(200);
  return answer.body.data as {
    id: string;
    event_id: string;
    event_type: string;
    status: string;
    next_attempt_at: string | null;
    attempts: { at: string; status: number | null; duration_ms: number; error: string | null }[];
  }[];
}

async function until<T>(
  read: () => Promise<T>,
  holds: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`never held: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('retries', () => {
  const receivers: WebhookReceiver[] = [];
  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
  });
  async function receiverWithEndpoint() {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    return { receiver, ...(await endpoint(receiver.url, ['token.created', 'token.updated'])) };
  }

  it('a 500 is retried after about 5 s (±20 %), with the same webhook-id and a valid signature', async () => {
    const { receiver, id, secret } = await receiverWithEndpoint();
    receiver.answerNext({ status: 500 });
    const token = await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    await receiver.waitFor((received) => received.length === 1);
    const [first] = await until(
      () => deliveriesOf(id),
      (list) => list[0]?.attempts.length === 1,
    );
    expect(first!.status).toBe('pending');
    expect(first!.attempts[0]!.status).toBe(500);
    const waitMs = Date.parse(first!.next_attempt_at!) - Date.parse(first!.attempts[0]!.at);
    expect(waitMs).toBeGreaterThanOrEqual(4_000);
    expect(waitMs).toBeLessThanOrEqual(6_000);
    // Not before it is due.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    clock.advance(6_100);
    await receiver.waitFor((received) => received.length === 2);
    const [again, retry] = receiver.received;
    expect(retry!.headers['webhook-id']).toBe(again!.headers['webhook-id']);
    expect(retry!.body.data.id).toBe(token.id);
    expect(verifiesWith(secret, retry!)).toBe(true);
    const [done] = await until(
      () => deliveriesOf(id),
      (list) => list[0]?.status === 'delivered',
    );
    expect(done!.attempts.map((attempt) => attempt.status)).toEqual([500, 204]);
  });

  it('no answer within the timeout is a failed attempt, retried', async () => {
    const { receiver, id } = await receiverWithEndpoint();
    receiver.answerNext({ status: 200, delayMs: 2_000 });
    await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    const [timedOut] = await until(
      () => deliveriesOf(id),
      (list) => list[0]?.attempts.length === 1,
    );
    expect(timedOut!.attempts[0]).toMatchObject({ status: null, error: 'no answer within 300 ms' });
    expect(timedOut!.status).toBe('pending');
    clock.advance(6_100);
    await receiver.waitFor((received) => received.length === 2);
    await until(
      () => deliveriesOf(id),
      (list) => list[0]?.status === 'delivered',
    );
  });

  it('a redirect is a failed attempt and is never followed', async () => {
    const { receiver, id } = await receiverWithEndpoint();
    const elsewhere = await new WebhookReceiver().start();
    receivers.push(elsewhere);
    receiver.answerNext({ status: 307, headers: { location: `${elsewhere.url}/stolen` } });
    await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    const [redirected] = await until(
      () => deliveriesOf(id),
      (list) => list[0]?.attempts.length === 1,
    );
    expect(redirected!.attempts[0]!.status).toBe(307);
    expect(redirected!.status).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(elsewhere.received).toHaveLength(0);
  });

  it("keeps one token's events in order: a later event waits while an earlier one is being retried", async () => {
    const { receiver } = await receiverWithEndpoint();
    receiver.answerNext({ status: 503 });
    const token = await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    for (const description of ['one', 'two', 'three']) {
      const patched = await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
        token: server.ownerToken,
        body: { description },
      });
      expect(patched.status).toBe(200);
    }
    await receiver.waitFor((received) => received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The three updates are held behind the failed create.
    expect(receiver.received).toHaveLength(1);
    clock.advance(6_100);
    await receiver.waitFor((received) => received.length === 5);
    expect(receiver.received.map((d) => [d.body.type, d.body.data.description])).toEqual([
      ['token.created', null],
      ['token.created', null],
      ['token.updated', 'one'],
      ['token.updated', 'two'],
      ['token.updated', 'three'],
    ]);
  });

  it('a delivery failing for 24 h is failed, and an endpoint whose last 100 events all failed is disabled', async () => {
    // A port nobody listens on: every attempt is refused at once.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const dead = await endpoint(`http://127.0.0.1:${closedPort}/hook`, ['token.created']);
    for (let index = 0; index < 100; index++)
      await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    await until(
      () => deliveriesOf(dead.id),
      (list) => list.length === 100 && list.every((delivery) => delivery.attempts.length === 1),
      30_000,
    );
    let webhook = await call(server, 'GET', `/v1/webhooks/${dead.id}`, { token: server.ownerToken });
    expect(webhook.body).toMatchObject({ is_active: true, disabled_reason: null });
    clock.advance(25 * 3_600_000);
    const failed = await until(
      () => deliveriesOf(dead.id),
      (list) => list.every((delivery) => delivery.status === 'failed'),
      30_000,
    );
    expect(failed[0]!.attempts).toHaveLength(2);
    webhook = await call(server, 'GET', `/v1/webhooks/${dead.id}`, { token: server.ownerToken });
    expect(webhook.body).toMatchObject({ is_active: false, disabled_reason: 'failing' });
    // Switched on again by hand, it starts counting afresh.
    const revived = await call(server, 'PATCH', `/v1/webhooks/${dead.id}`, {
      token: server.ownerToken,
      body: { is_active: true },
    });
    expect(revived.body).toMatchObject({ is_active: true, disabled_reason: null });
  }, 90_000);

  it('a manual retry sends a delivered event again, with the same webhook-id', async () => {
    const { receiver, id } = await receiverWithEndpoint();
    await createToken(server, server.ownerToken, { ttl: 86_400 * 30 });
    await receiver.waitFor((received) => received.length === 1);
    const [delivered] = await until(
      () => deliveriesOf(id),
      (list) => list[0]?.status === 'delivered',
    );
    const retried = await call(server, 'POST', `/v1/webhooks/${id}/deliveries/${delivered!.id}/retry`, {
      token: server.ownerToken,
    });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('pending');
    await receiver.waitFor((received) => received.length === 2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
  });
});
