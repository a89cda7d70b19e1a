// Local CLI commands close everything they opened: with REDIS_URL set, `tessera migrate` and
// `tessera token create --owner` exit by themselves, on SQLite and on PostgreSQL (a database of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../helpers/databases.js';
import { runCli, startServerProcess } from '../helpers/processes.js';

const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const database = freshDatabase('tessera_cli');
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-lifecycle-'));

beforeAll(() => database.create());
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the CLI; killed (code null, and so failed) past 15 s. */
const run = (args: string[], env: Record<string, string>) =>
  runCli(args, { LOG_LEVEL: 'warn', ...env }, 15_000);

const backends = [
  ['sqlite', { TESSERA_DATA_DIR: join(dataDir, 'sqlite') }],
  [
    'postgres',
    {
      TESSERA_DATA_DIR: join(dataDir, 'postgres'),
      DATABASE_URL: database.url,
    },
  ],
] as const;

describe.each(backends)('local commands with REDIS_URL set (%s)', (backend, env) => {
  it('migrate, then token create --owner, each exit on their own within 5 s', async () => {
    const withRedis = { ...env, REDIS_URL };
    const migrated = await run(['migrate'], withRedis);
    console.log(`${backend}: migrate exited ${migrated.code} after ${migrated.seconds.toFixed(2)} s`);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('database schema is up to date');
    expect(migrated.seconds).toBeLessThan(5);

    // The first start bootstraps the database, so `token create --owner` has an owner to issue for.
    await (await startServerProcess(withRedis)).stop();

    const created = await run(['token', 'create', '--owner'], withRedis);
    console.log(
      `${backend}: token create --owner exited ${created.code} after ${created.seconds.toFixed(2)} s`,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toMatch(/^tsr_a[0-9]_[0-9A-Za-z]{49}$/);
    expect(created.seconds).toBeLessThan(5);
  });
});
