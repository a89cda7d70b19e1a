// The SQLite files hold token digests and the audit trail: readable by the service's user only, like
// secret.key. SQLite gives its -wal and -shm files the database file's own mode, so creating that
// file 0600 before SQLite opens it is what makes all three private.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory 0700 when missing (an existing one is the operator's and left as it is). */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes the database file (and an existing -wal and -shm) 0600 before SQLite opens it: created
 * exclusively when new; tightened when an older Tessera created it 0644.
 */
export function preparePrivateDatabaseFile(filePath: string): void {
  ensurePrivateDir(dirname(filePath));
  try {
    closeSync(openSync(filePath, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const path of [filePath, `${filePath}-wal`, `${filePath}-shm`])
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
}
