// The real `tessera` process: first start prints the owner token once, later starts never do; the
// CLI recovers a lost owner token; bad settings and a wrong server key stop the start with a message.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/processes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  dirs.push(dir);
  return dir;
}

const start = (dataDir: string, env: Record<string, string> = {}) =>
  startServerProcess({ TESSERA_DATA_DIR: dataDir, ...env });
const stop = (server: ServerProcess) => server.stop();

const run = (args: string[], env: Record<string, string>) => runCli(args, env);

const selfStatus = async (url: string, token: string) =>
  (await fetch(`${url}/v1/tokens/self`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('tessera serve', () => {
  it('prints the owner token once, on a line of its own; a restart prints none and the token still works', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    const tokens = first
      .stdout()
      .split('\n')
      .filter((line) => /^tsr_a0_[0-9A-Za-z]{49}$/.test(line));
    expect(tokens).toHaveLength(1);
    const ownerToken = tokens[0]!;
    expect(await selfStatus(first.url, ownerToken)).toBe(200);
    // Nor any warning (a deprecated framework option prints one on every start).
    expect(first.stderr()).not.toMatch(/warning|deprecat/i);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(await stop(first)).toBe(0);

    const second = await start(dataDir);
    expect(second.stdout()).not.toContain('tsr_');
    expect(await selfStatus(second.url, ownerToken)).toBe(200);
    await stop(second);
  });

  it('`token create --owner` prints a new working owner token on stdout, and nothing else there', async () => {
    const dataDir = freshDir();
    await stop(await start(dataDir));
    const made = await run(['token', 'create', '--owner'], { TESSERA_DATA_DIR: dataDir });
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^tsr_a0_[0-9A-Za-z]{49}\n$/);
    const server = await start(dataDir);
    expect(await selfStatus(server.url, made.stdout.trim())).toBe(200);
    await stop(server);
  });

  it('refuses bad settings with a message naming the variable', async () => {
    const result = await run(['serve'], {
      PORT: 'eighty',
      TESSERA_DATA_DIR: freshDir(),
      TESSERA_PERMANENT_TOKEN_CAP: '-1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number');
    expect(result.stderr).toContain('TESSERA_PERMANENT_TOKEN_CAP');
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses to start with a different key for a known key version', async () => {
    const dataDir = freshDir();
    const key = (fill: number) => `0:${Buffer.alloc(32, fill).toString('base64url')}`;
    const original = await start(dataDir, { TESSERA_SECRET_KEY: key(1) });
    const ownerToken = /^(tsr_a0_\S+)$/m.exec(original.stdout())![1]!;
    await stop(original);
    const wrong = await run(['serve'], { PORT: '0', TESSERA_DATA_DIR: dataDir, TESSERA_SECRET_KEY: key(2) });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not the key this database was created with');
    // A new key version first, with the old one kept: starts, and old tokens keep verifying.
    const rotated = await start(dataDir, {
      TESSERA_SECRET_KEY: `1:${Buffer.alloc(32, 3).toString('base64url')},${key(1)}`,
    });
    expect(await selfStatus(rotated.url, ownerToken)).toBe(200);
    const created = await fetch(`${rotated.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl: 60 }),
    });
    const { secret } = (await created.json()) as { secret: string };
    expect(secret.startsWith('tsr_a1_')).toBe(true);
    expect(await selfStatus(rotated.url, secret)).toBe(200);
    await stop(rotated);

    // Dropping version 0 while the owner token is still hashed by it: refused, saying how many would die.
    const newOnly = `1:${Buffer.alloc(32, 3).toString('base64url')}`;
    const dropped = await run(['serve'], {
      PORT: '0',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_SECRET_KEY: newOnly,
    });
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toContain('version 0 still hashes 1 live token');
    expect(dropped.stderr).toContain('TESSERA_ALLOW_KEY_DROP=true');
    // Said on purpose: it starts, logs the loss, and the dropped key's token no longer verifies.
    const forced = await start(dataDir, { TESSERA_SECRET_KEY: newOnly, TESSERA_ALLOW_KEY_DROP: 'true' });
    expect(forced.stdout()).toContain('version 0 still hashes 1 live token');
    expect(await selfStatus(forced.url, ownerToken)).toBe(401);
    expect(await selfStatus(forced.url, secret)).toBe(200);
    await stop(forced);
  });
});
