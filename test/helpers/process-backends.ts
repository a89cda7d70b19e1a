// The environment of a `tessera serve` process on a fresh database of each kind, for tests that kill
// and restart real processes: a SQLite data directory, or a PostgreSQL database of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_URL, adminQuery } from './databases.js';

/** Each makes a fresh database and registers how to remove it with `cleanups`. */
export const PROCESS_BACKENDS = {
  sqlite: async (cleanups: (() => Promise<void>)[]) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return { TESSERA_DATA_DIR: dataDir };
  },
  postgres: async (cleanups: (() => Promise<void>)[]) => {
    const database = `tessera_crash_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${database}`);
    cleanups.push(() => adminQuery(`drop database if exists ${database}`));
    return {
      DATABASE_URL: `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`,
      TESSERA_SECRET_KEY: `0:${randomBytes(32).toString('base64url')}`,
      TESSERA_DATA_DIR: mkdtempSync(join(tmpdir(), 'tessera-crash-')),
    };
  },
} satisfies Record<string, (cleanups: (() => Promise<void>)[]) => Promise<Record<string, string>>>;

export type ProcessBackend = keyof typeof PROCESS_BACKENDS;
