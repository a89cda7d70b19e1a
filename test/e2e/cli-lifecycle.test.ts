// Local CLI commands close everything they opened: with REDIS_URL set, `tessera migrate` and
// `tessera token create --owner` exit by themselves, on SQLite and on PostgreSQL (a database of its own).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const ADMIN_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const database = `tessera_cli_${randomBytes(6).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-lifecycle-'));

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(() => admin(`create database ${database}`));
afterAll(async () => {
  await admin(`drop database if exists ${database} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the CLI and measures how long the process takes to exit; killed (and failed) past 15 s. */
function run(args: string[], env: Record<string, string>) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise<{ code: number | null; seconds: number; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, seconds: (performance.now() - started) / 1000, stdout, stderr });
    }),
  );
}

const backends = [
  ['sqlite', { TESSERA_DATA_DIR: join(dataDir, 'sqlite') }],
  [
    'postgres',
    {
      TESSERA_DATA_DIR: join(dataDir, 'postgres'),
      DATABASE_URL: `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`,
    },
  ],
] as const;

describe.each(backends)('local commands with REDIS_URL set (%s)', (backend, env) => {
  it('migrate, then token create --owner, each exit on their own within 5 s', async () => {
    const withRedis = { ...env, REDIS_URL };
    // The first start of the database (its owner token comes from the server), so create --owner has an owner.
    const migrated = await run(['migrate'], withRedis);
    console.log(`${backend}: migrate exited ${migrated.code} after ${migrated.seconds.toFixed(2)} s`);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('database schema is up to date');
    expect(migrated.seconds).toBeLessThan(5);

    const serve = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...withRedis },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve did not start')), 25_000);
      serve.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Tessera listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await new Promise<void>((resolve) => {
      serve.on('exit', () => resolve());
      serve.kill('SIGTERM');
    });

    const created = await run(['token', 'create', '--owner'], withRedis);
    console.log(
      `${backend}: token create --owner exited ${created.code} after ${created.seconds.toFixed(2)} s`,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim()).toMatch(/^tsr_a[0-9]_[0-9A-Za-z]{49}$/);
    expect(created.seconds).toBeLessThan(5);
  });
});
