// Several `tessera serve` processes on one empty PostgreSQL database: exactly one prints the owner
// token, both migrate and serve, and each sees what the other wrote (a cache miss reads the store).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const ADMIN_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `tessera_e2e_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`;
const children: ChildProcess[] = [];

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await admin(`drop database if exists ${database}`);
});

function serve(env: Record<string, string>): Promise<{ url: string; stdout: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 25 s:\n${stdout}\n${stderr}`)), 25_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /Tessera listening on (http:\/\/[^ "]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stdout: () => stdout });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

describe('instances on one PostgreSQL', () => {
  it('three starting at once on an empty database: exactly one banner, and shared state', async () => {
    await admin(`create database ${database}`);
    const key = `0:${randomBytes(32).toString('base64url')}`;
    const env = (name: string) => ({
      DATABASE_URL: databaseUrl,
      TESSERA_SECRET_KEY: key,
      TESSERA_DATA_DIR: join('/tmp', name),
    });
    const instances = await Promise.all([
      serve(env(`${database}-a`)),
      serve(env(`${database}-b`)),
      serve(env(`${database}-c`)),
    ]);
    const banners = instances.flatMap((instance) =>
      instance
        .stdout()
        .split('\n')
        .filter((line) => /^tsr_a0_\w{49}$/.test(line)),
    );
    expect(banners).toHaveLength(1);
    const ownerToken = banners[0]!;
    const created = await fetch(`${instances[0]!.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shared', ttl: 600 }),
    });
    const { secret } = (await created.json()) as { secret: string };
    for (const instance of instances) {
      const answer = await fetch(`${instance.url}/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: secret }),
      });
      expect(((await answer.json()) as { code: string }).code).toBe('valid');
    }
  }, 60_000);
});
