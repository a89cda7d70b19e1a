// token.expiring (each lead time of TESSERA_EXPIRY_NOTICE) and token.expired, found by the scheduler
// with the injected clock: a token already inside a lead time when created gets that notice at the
// next run, and each (token, lead time) is announced once, across a restart and with two instances
// running on the same database at once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type RunningTessera, startTessera } from '../../../src/main.js';
import { openPostgresStore } from '../../../src/store/postgres/open.js';
import { openSqliteStore } from '../../../src/store/sqlite/open.js';
import type { Store } from '../../../src/store/store.js';
import { ManualClock } from '../../helpers/clock.js';
import { call, TEST_BACKEND } from '../../helpers/server.js';
import { WebhookReceiver } from '../../helpers/webhook-receiver.js';

const DAY_MS = 86_400_000;
const clock = new ManualClock(Date.parse('2031-03-01T00:00:00.000Z'));
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-expiry-'));
const schema = `t_${randomBytes(8).toString('hex')}`;
const databaseUrl = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const stores: (Store & { dropSchema?: () => Promise<void> })[] = [];

/** A store over the one database this file uses: every instance (and restart) opens the same one. */
function sameDatabase(): Store {
  const store =
    TEST_BACKEND === 'sqlite'
      ? openSqliteStore(join(dataDir, 'tessera.db'))
      : openPostgresStore({ url: databaseUrl, schema });
  stores.push(store);
  return store;
}

async function instance(onBanner: (text: string) => void = () => {}): Promise<RunningTessera> {
  const config = parseConfig({
    PORT: '0',
    TESSERA_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TESSERA_EXPIRY_NOTICE: '7d,1d',
    TESSERA_EXPIRY_SCAN_MS: '50',
    TESSERA_WEBHOOK_POLL_MS: '50',
    TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  return startTessera(config, {
    store: sameDatabase(),
    clock,
    logger: createLogger('warn', { write: () => {} }),
    announce: onBanner,
  });
}

const receiver = new WebhookReceiver();
const running: RunningTessera[] = [];
afterAll(async () => {
  for (const server of running) await server.close().catch(() => {});
  await receiver.close();
  await stores[0]?.dropSchema?.();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * (token id, event, lead) of every notice received, as text for easy comparison: one per event id.
 * Delivery is at least once (an attempt cut short by a restart is sent again, and the injected clock
 * makes every backoff due at once), so a receiver dedupes on webhook-id; what must hold once is the
 * event.
 */
const notices = () =>
  [...new Map(receiver.received.map((d) => [d.headers['webhook-id'], d])).values()]
    .map(
      (d) =>
        `${d.body.data.id} ${d.body.type}${d.body.data.lead_seconds ? ` ${d.body.data.lead_seconds / 86_400}d` : ''}`,
    )
    .sort();

const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

describe('expiry notices', () => {
  it('each lead time once per token, at the next run, across a restart and two instances', async () => {
    await receiver.start();
    let banner = '';
    const first = await instance((text) => {
      banner += text;
    });
    running.push(first);
    const owner = /^(tsr_\S+)$/m.exec(banner)![1]!;
    const hook = await call(first, 'POST', '/v1/webhooks', {
      token: owner,
      body: { url: receiver.url, events: ['token.expiring', 'token.expired'] },
    });
    expect(hook.status).toBe(201);
    const make = async (ttlSeconds: number) =>
      (await call(first, 'POST', '/v1/tokens', { token: owner, body: { ttl: ttlSeconds } })).body
        .id as string;
    const tenDays = await make(10 * 86_400);
    const threeDays = await make(3 * 86_400);
    const twoHours = await make(2 * 3_600);
    // Outside every lead time until it is revoked (a scan could run between the create and the
    // revoke); inside the 7-day one, then expired, later on: neither may be announced.
    const revoked = await make(8 * 86_400);
    expect((await call(first, 'DELETE', `/v1/tokens/${revoked}`, { token: owner })).status).toBe(204);

    // Already inside lead times when created: those notices come at the next run.
    await receiver.waitFor((received) => new Set(received.map((d) => d.headers['webhook-id'])).size === 3);
    await settle();
    expect(notices()).toEqual(
      [
        `${threeDays} token.expiring 7d`,
        `${twoHours} token.expiring 7d`,
        `${twoHours} token.expiring 1d`,
      ].sort(),
    );
    const sample = receiver.received.find(
      (d) => d.body.data.id === twoHours && d.body.data.lead_seconds === 86_400,
    )!.body;
    expect(sample.type).toBe('token.expiring');
    expect(sample.data.expires_at).toBe(
      new Date(Date.parse('2031-03-01T00:00:00.000Z') + 7_200_000).toISOString(),
    );

    // A restart: the new instance finds every notice already given.
    await first.close();
    const second = await instance();
    running.push(second);
    await settle();
    expect(notices()).toHaveLength(3);

    // Two instances at once, and time moves: 3 days + 1 s later.
    const third = await instance();
    running.push(third);
    clock.advance(3 * DAY_MS + 1_000);
    await receiver.waitFor((received) => new Set(received.map((d) => d.headers['webhook-id'])).size === 6);
    await settle();
    expect(notices()).toEqual(
      [
        `${threeDays} token.expiring 7d`,
        `${twoHours} token.expiring 7d`,
        `${twoHours} token.expiring 1d`,
        `${tenDays} token.expiring 7d`,
        `${threeDays} token.expired`,
        `${twoHours} token.expired`,
      ].sort(),
    );

    clock.advance(6 * DAY_MS);
    await receiver.waitFor((received) => new Set(received.map((d) => d.headers['webhook-id'])).size === 7);
    clock.advance(DAY_MS);
    await receiver.waitFor((received) => new Set(received.map((d) => d.headers['webhook-id'])).size === 8);
    await settle();
    expect(notices().filter((line) => line.startsWith(tenDays))).toEqual(
      [`${tenDays} token.expiring 7d`, `${tenDays} token.expiring 1d`, `${tenDays} token.expired`].sort(),
    );
    // Never the revoked one; and each notice one event (however often it was delivered).
    expect(receiver.received.some((d) => d.body.data.id === revoked)).toBe(false);
    expect(new Set(notices()).size).toBe(notices().length);
  }, 60_000);
});
