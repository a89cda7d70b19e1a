// A test server allowed to deliver to loopback (polling often), a real receiver, and one endpoint on
// it subscribed to the events a test file is about: the set-up every delivery test starts from.
import { expect } from 'vitest';
import { call, startTestServer, type TestServer } from './server.js';
import { WebhookReceiver } from './webhook-receiver.js';

export interface ServerWithWebhook {
  readonly server: TestServer;
  readonly receiver: WebhookReceiver;
  /** The endpoint's signing secret, to check each delivery's signature with. */
  readonly secret: string;
}

export async function startServerWithWebhook(
  events: readonly string[],
  path = '/hook',
  env: Record<string, string> = {},
): Promise<ServerWithWebhook> {
  const receiver = await new WebhookReceiver().start();
  const server = await startTestServer({
    env: { TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true', TESSERA_WEBHOOK_POLL_MS: '50', ...env },
  });
  const created = await call(server, 'POST', '/v1/webhooks', {
    token: server.ownerToken,
    body: { url: `${receiver.url}${path}`, events },
  });
  expect(created.status, created.text).toBe(201);
  return { server, receiver, secret: created.body.secret };
}

export async function stopServerWithWebhook(setup: Partial<ServerWithWebhook>): Promise<void> {
  await setup.server?.close();
  await setup.receiver?.close();
}
