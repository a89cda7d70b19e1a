// kill -9 after changes are acknowledged and before their events are delivered: the outbox row
// committed with the change, so after a restart every event is delivered (at least once), on SQLite
// and on PostgreSQL. Some deliveries are mid-attempt when the process dies (the receiver holds them):
// their claims go stale and are taken again within 30 s, as SPEC promises.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, adminQuery } from '../helpers/databases.js';
import { startServerProcess } from '../helpers/processes.js';
import { call } from '../helpers/server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  // Last made, first undone: servers stop before their database is dropped.
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function backendEnv(backend: 'sqlite' | 'postgres'): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-webhook-crash-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    TESSERA_DATA_DIR: dataDir,
    TESSERA_SECRET_KEY: `0:${randomBytes(32).toString('base64url')}`,
    TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  if (backend === 'postgres') {
    const database = `tessera_whcrash_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${database}`);
    cleanups.push(() => adminQuery(`drop database if exists ${database}`).then(() => undefined));
    env.DATABASE_URL = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`;
  }
  return env;
}

describe.each(['sqlite', 'postgres'] as const)(
  'kill -9 between a change and its delivery, on %s',
  (backend) => {
    it('every acknowledged change’s event is delivered after the restart', async () => {
      const receiver = await new WebhookReceiver().start();
      cleanups.push(() => receiver.close());
      const env = await backendEnv(backend);
      let server = await startServerProcess(env);
      const owner = /^(tsr_\S+)$/m.exec(server.stdout())![1]!;
      const hook = await call(server, 'POST', '/v1/webhooks', {
        token: owner,
        body: { url: receiver.url, events: ['token.created'] },
      });
      expect(hook.status).toBe(201);
      // The receiver holds every request it gets before the kill, so those attempts never finish.
      for (let index = 0; index < 100; index++) receiver.answerNext({ status: 204, delayMs: 60_000 });
      const acknowledged: string[] = [];
      for (let index = 0; index < 20; index++) {
        const created = await call(server, 'POST', '/v1/tokens', { token: owner, body: { ttl: 3_600 } });
        expect(created.status).toBe(201);
        acknowledged.push(created.body.id);
      }
      expect(await server.stop(true)).toBeNull();
      const beforeKill = new Set(receiver.received.map((d) => d.body.data.id));
      receiver.reset();

      server = await startServerProcess(env);
      cleanups.push(async () => void (await server.stop()));
      await receiver.waitFor(
        (received) => acknowledged.every((id) => received.some((d) => d.body.data.id === id)),
        45_000,
      );
      console.info(
        `${backend}: ${acknowledged.length} acknowledged, ${beforeKill.size} mid-attempt at the kill, all ${acknowledged.length} delivered after the restart`,
      );
    }, 120_000);
  },
);
