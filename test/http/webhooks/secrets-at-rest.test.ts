// A webhook signing secret is in the answer that creates or rotates it and nowhere else: not in the
// database files (it is kept sealed with AES-256-GCM under a key derived from the server key), not in
// any log line at trace level, not in the audit trail or any later answer, not in a delivery.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createToken, startTestServer, TEST_BACKEND, type TestServer } from '../../helpers/server.js';
import { verifiesWith, WebhookReceiver } from '../../helpers/webhook-receiver.js';

let server: TestServer;
let receiver: WebhookReceiver;
const secrets: string[] = [];
const laterAnswers: string[] = [];

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  server = await startTestServer({
    env: { LOG_LEVEL: 'trace', TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true', TESSERA_WEBHOOK_POLL_MS: '50' },
  });
  for (let index = 0; index < 5; index++) {
    const created = await call(server, 'POST', '/v1/webhooks', {
      token: server.ownerToken,
      body: { url: `${receiver.url}/s${index}`, events: ['token.created'] },
    });
    secrets.push(created.body.secret);
    const rotated = await call(server, 'POST', `/v1/webhooks/${created.body.webhook.id}/rotate-secret`, {
      token: server.ownerToken,
    });
    secrets.push(rotated.body.secret);
    await call(server, 'POST', `/v1/webhooks/${created.body.webhook.id}/test`, { token: server.ownerToken });
  }
  await createToken(server, server.ownerToken, { ttl: 600 });
  await receiver.waitFor((received) => received.length === 10);
  for (const path of ['/v1/webhooks?limit=100', '/v1/audit-events?limit=100']) {
    laterAnswers.push((await call(server, 'GET', path, { token: server.ownerToken })).text);
  }
  const { data } = (await call(server, 'GET', '/v1/webhooks?limit=100', { token: server.ownerToken })).body;
  for (const webhook of data) {
    laterAnswers.push(
      (await call(server, 'GET', `/v1/webhooks/${webhook.id}/deliveries`, { token: server.ownerToken })).text,
    );
  }
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

/** The secret whole, and its key material alone (the base64 after `whsec_`). */
const shapesOf = (secret: string) => [secret, secret.slice('whsec_'.length, 40)];

describe('webhook signing secrets at rest', () => {
  it('deliveries were signed with them (so they were really kept), yet no delivery carries one', () => {
    for (const delivery of receiver.received) {
      expect(secrets.some((secret) => verifiesWith(secret, delivery))).toBe(true);
      for (const secret of secrets)
        for (const shape of shapesOf(secret)) expect(delivery.rawBody).not.toContain(shape);
    }
  });

  it('appear in no log line and no later answer', () => {
    const logs = server.logLines.join('');
    expect(logs.length).toBeGreaterThan(1000);
    let hits = 0;
    for (const secret of secrets)
      for (const shape of shapesOf(secret))
        for (const haystack of [logs, ...laterAnswers]) if (haystack.includes(shape)) hits++;
    expect(hits).toBe(0);
  });

  it.skipIf(TEST_BACKEND !== 'sqlite')('appear in no database file (main and WAL), in no encoding', () => {
    const files = readdirSync(server.dataDir).filter((name) => name.startsWith('tessera.db'));
    expect(files).toContain('tessera.db-wal');
    const stored = files.map((name) => readFileSync(join(server.dataDir, name)));
    let hits = 0;
    for (const secret of secrets) {
      const raw = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const encodings = [
        ...shapesOf(secret),
        raw.toString('hex'),
        raw.toString('base64url'),
        raw.subarray(0, 16).toString('latin1'),
      ];
      for (const file of stored) {
        const text = file.toString('latin1');
        for (const encoding of encodings) if (text.includes(encoding)) hits++;
      }
    }
    console.info(
      `scanned ${files.length} database files for ${secrets.length} signing secrets: ${hits} hits`,
    );
    expect(hits).toBe(0);
  });
});
