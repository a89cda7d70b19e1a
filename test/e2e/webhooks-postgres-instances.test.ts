// Two `tessera serve` processes on one PostgreSQL share the dispatching: deliveries are claimed with
// FOR UPDATE SKIP LOCKED, so each event reaches the endpoint once in the normal case, whichever
// instance wrote it, and one token's events arrive in the order they were made.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, adminQuery } from '../helpers/databases.js';
import { type ServerProcess, startServerProcess } from '../helpers/processes.js';
import { call } from '../helpers/server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const database = `tessera_whe2e_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`;
const servers: ServerProcess[] = [];
const receiver = new WebhookReceiver();

afterAll(async () => {
  for (const server of servers) await server.stop();
  await receiver.close();
  await adminQuery(`drop database if exists ${database}`);
});

describe('webhook delivery with two instances on one PostgreSQL', () => {
  it('delivers each event once, in order per token', async () => {
    await receiver.start();
    await adminQuery(`create database ${database}`);
    const env = (name: string) => ({
      DATABASE_URL: databaseUrl,
      TESSERA_SECRET_KEY: `0:${key}`,
      TESSERA_DATA_DIR: join('/tmp', name),
      TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true',
      TESSERA_WEBHOOK_POLL_MS: '100',
    });
    const key = randomBytes(32).toString('base64url');
    const first = await startServerProcess(env(`${database}-a`));
    servers.push(first);
    const second = await startServerProcess(env(`${database}-b`));
    servers.push(second);
    const owner = /^(tsr_\S+)$/m.exec(first.stdout())![1]!;
    const hook = await call(first, 'POST', '/v1/webhooks', {
      token: owner,
      body: { url: receiver.url, events: ['token.created', 'token.updated'] },
    });
    expect(hook.status).toBe(201);

    const instances = [first, second];
    const tokens: string[] = [];
    for (let index = 0; index < 40; index++) {
      const created = await call(instances[index % 2]!, 'POST', '/v1/tokens', {
        token: owner,
        body: { ttl: 3_600 },
      });
      expect(created.status).toBe(201);
      tokens.push(created.body.id);
    }
    // Each token changed on the other instance than made it, twice.
    await Promise.all(
      tokens.map(async (id, index) => {
        for (const description of ['a', 'b']) {
          const patched = await call(instances[(index + 1) % 2]!, 'PATCH', `/v1/tokens/${id}`, {
            token: owner,
            body: { description },
          });
          expect(patched.status).toBe(200);
        }
      }),
    );
    await receiver.waitFor((received) => received.length >= 120, 20_000);
    // Give a duplicate time to show up, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ids = receiver.received.map((d) => d.headers['webhook-id']);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    for (const id of tokens) {
      const ofToken = receiver.received.filter((d) => d.body.data.id === id);
      expect(ofToken.map((d) => [d.body.type, d.body.data.description])).toEqual([
        ['token.created', null],
        ['token.updated', 'a'],
        ['token.updated', 'b'],
      ]);
    }
  }, 90_000);
});
