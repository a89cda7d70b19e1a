// The repository's own documents exist (LICENSE, SECURITY.md, CHANGELOG.md, docs/operations.md), and
// the shell commands docs/operations.md marks as checked do what it says when run as written: an
// online SQLite backup (with the sqlite3 tool and with node) restored into a new data directory, a
// pg_dump restored into a new database, each then serving the tokens it held; a new server key.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseServerKeyRing } from '../src/core/server-key.js';
import { adminQuery } from './helpers/databases.js';
import { PROCESS_BACKENDS } from './helpers/process-backends.js';
import { startServerProcess } from './helpers/processes.js';
import { call, createToken, startTestServer } from './helpers/server.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const OPERATIONS = read('docs/operations.md');

/** The bash block between `<!-- ops-check:NAME:start -->` and its end marker. */
function checkedBlock(name: string): string {
  const pattern = new RegExp(
    `<!-- ops-check:${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ops-check:${name}:end -->`,
  );
  const block = pattern.exec(OPERATIONS)?.[1];
  if (block === undefined) throw new Error(`docs/operations.md has no ${name} block`);
  return block.replace(/^ {3}/gm, ''); // blocks inside list items are indented
}

async function runBlock(
  name: string,
  cwd: string,
  env: Record<string, string>,
  edit = (text: string) => text,
) {
  return run('bash', ['-euo', 'pipefail', '-c', edit(checkedBlock(name))], {
    cwd,
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), ...env },
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ops-doc-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real server on `env`'s database answers that `secret` is valid. */
async function servesToken(env: Record<string, string>, secret: string): Promise<void> {
  const server = await startServerProcess(env);
  try {
    const verified = await call(server, 'POST', '/v1/verify', { body: { token: secret } });
    expect(verified.body.code).toBe('valid');
  } finally {
    expect(await server.stop()).toBe(0);
  }
}

describe('the repository documents', () => {
  it('has the Apache-2.0 licence package.json names, in full', () => {
    expect(JSON.parse(read('package.json')).license).toBe('Apache-2.0');
    const licence = read('LICENSE');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
    expect(licence).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
    expect(licence.length).toBeGreaterThan(10_000);
  });

  it('has a security policy, a changelog and the operations guide with every topic', () => {
    const security = read('SECURITY.md');
    for (const heading of ['## Reporting a vulnerability', '## In scope', '## Out of scope'])
      expect(security).toContain(heading);
    expect(read('CHANGELOG.md')).toMatch(/^## 0\.1\.0$/m);
    for (const heading of [
      '## TLS behind a reverse proxy',
      '### SQLite',
      '### PostgreSQL',
      '## Upgrades and migrations',
      '## Rotating the server key',
      '## Several instances',
      '## Monitoring',
    ])
      expect(OPERATIONS).toContain(heading);
    expect(OPERATIONS).toContain('TESSERA_TRUST_PROXY');
  });
});

describe('docs/operations.md, run as written', () => {
  it('backs SQLite up online (sqlite3 and node), and a restore serves the tokens it held', async () => {
    const source = await startTestServer();
    cleanups.push(() => source.close());
    const token = await createToken(source, source.ownerToken, { name: 'kept', ttl: 3600 });
    const work = scratch();
    const env = { TESSERA_DATA_DIR: source.dataDir };

    // While the server runs and keeps writing.
    const { stdout } = await runBlock('sqlite-backup', work, env);
    expect(stdout.trim()).toBe('ok'); // PRAGMA integrity_check
    const [backup] = readdirSync(join(work, 'backup'));
    expect(backup).toMatch(/^\d{8}T\d{6}Z$/);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the node variant's own folder name
    const node = await runBlock('sqlite-backup-node', work, env);
    expect(node.stdout.trim()).toBe('backed up');
    expect(readdirSync(join(work, 'backup'))).toHaveLength(2);
    await source.close();

    for (const folder of readdirSync(join(work, 'backup'))) {
      const restored = join(scratch(), 'data');
      await runBlock('sqlite-restore', work, { TESSERA_DATA_DIR: restored }, (text) =>
        text.replace(/^BACKUP=.*$/m, `BACKUP=backup/${folder}`),
      );
      await servesToken({ TESSERA_DATA_DIR: restored }, token.secret);
    }
  });

  it('backs PostgreSQL up with pg_dump, and pg_restore into a new database serves its tokens', async () => {
    const env = await PROCESS_BACKENDS.postgres(cleanups);
    const server = await startServerProcess(env);
    const owner = /^(tsr_\S+)$/m.exec(server.stdout())![1]!;
    const created = await call(server, 'POST', '/v1/tokens', { token: owner, body: { ttl: 3600 } });
    expect(created.status).toBe(201);
    const work = scratch();
    try {
      await runBlock('postgres-backup', work, { DATABASE_URL: env.DATABASE_URL });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const restoredName = `${new URL(env.DATABASE_URL).pathname.slice(1)}_restored`;
    await adminQuery(`create database ${restoredName}`);
    cleanups.push(() => adminQuery(`drop database if exists ${restoredName}`));
    const restoredUrl = env.DATABASE_URL.replace(/\/[^/]*$/, `/${restoredName}`);
    await runBlock('postgres-restore', work, { RESTORE_DATABASE_URL: restoredUrl });
    await servesToken({ ...env, DATABASE_URL: restoredUrl }, created.body.secret);
  });

  it('makes a new server key that TESSERA_SECRET_KEY takes, first in the list', async () => {
    const { stdout } = await runBlock('new-key', scratch(), {});
    const entry = stdout.trim();
    expect(entry).toMatch(/^1:[A-Za-z0-9_-]{43}$/);
    const ring = parseServerKeyRing(`${entry},0:${Buffer.alloc(32, 7).toString('base64url')}`);
    expect(typeof ring).not.toBe('string');
  });
});
