// What the first start leaves on disk (SPEC "Files"): the data directory 0700, the SQLite files and the
// key file 0600; and, with TESSERA_BOOTSTRAP_TOKEN_FILE, the first owner token in a file of its own
// (0600, created exclusively) while stdout only says where it is. Real `tessera serve` processes.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { startServerProcess } from '../helpers/processes.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-files-'));
  scratch.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('file modes', () => {
  it('creates the data directory 0700 and tessera.db, -wal, -shm and secret.key 0600', async () => {
    const dataDir = join(scratchDir(), 'nested', 'data');
    const server = await startServerProcess({ TESSERA_DATA_DIR: dataDir });
    try {
      expect(mode(dataDir).toString(8)).toBe('700');
      for (const name of ['tessera.db', 'tessera.db-wal', 'tessera.db-shm', 'secret.key'])
        expect(mode(join(dataDir, name)).toString(8), name).toBe('600');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('tightens a database file an older version created 0644, with its -wal and -shm', async () => {
    const file = join(scratchDir(), 'tessera.db');
    const store = openSqliteStore(file);
    await store.migrate();
    await store.close();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      if (!existsSync(path)) writeFileSync(path, '');
      chmodSync(path, 0o644);
    }
    const reopened = openSqliteStore(file);
    try {
      for (const path of [file, `${file}-wal`, `${file}-shm`])
        expect(mode(path).toString(8), path).toBe('600');
    } finally {
      await reopened.close();
    }
  });
});

describe('TESSERA_BOOTSTRAP_TOKEN_FILE', () => {
  it('writes the first owner token to the file (0600) and only the path to stdout', async () => {
    const dir = scratchDir();
    const tokenFile = join(dir, 'owner-token');
    const server = await startServerProcess({
      TESSERA_DATA_DIR: join(dir, 'data'),
      TESSERA_BOOTSTRAP_TOKEN_FILE: tokenFile,
      LOG_LEVEL: 'trace',
    });
    try {
      const token = readFileSync(tokenFile, 'utf8').trim();
      expect(token).toMatch(/^tsr_a\d_[0-9A-Za-z]{49}$/);
      expect(mode(tokenFile).toString(8)).toBe('600');
      const self = await fetch(`${server.url}/v1/tokens/self`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(self.status).toBe(200);
      expect(server.stdout()).toContain(tokenFile);
      expect(server.stdout()).not.toContain(token);
      expect(server.stdout()).not.toMatch(/tsr_[as]\d_/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // A later start with the file still there is fine: nothing is set up, nothing is written.
    const again = await startServerProcess({
      TESSERA_DATA_DIR: join(dir, 'data'),
      TESSERA_BOOTSTRAP_TOKEN_FILE: tokenFile,
    });
    expect(again.stdout()).not.toContain('Tessera is set up');
    expect(await again.stop()).toBe(0);
  });

  it('refuses to write over an existing file, and then sets nothing up', async () => {
    const dir = scratchDir();
    const tokenFile = join(dir, 'owner-token');
    writeFileSync(tokenFile, 'somebody else\n');
    const env = { TESSERA_DATA_DIR: join(dir, 'data'), TESSERA_BOOTSTRAP_TOKEN_FILE: tokenFile };
    await expect(startServerProcess(env)).rejects.toThrow(/already exists/);
    expect(readFileSync(tokenFile, 'utf8')).toBe('somebody else\n');
    // The refused start created no operator tenant: the next start (to stdout) is the first one.
    const server = await startServerProcess({ TESSERA_DATA_DIR: join(dir, 'data') });
    expect(server.stdout()).toMatch(/^tsr_a\d_\S+$/m);
    expect(await server.stop()).toBe(0);
  });
});
