// Where the server key comes from: TESSERA_SECRET_KEY, else <data dir>/secret.key, created on first start.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import {
  formatServerKeyEntry,
  MIN_KEY_BYTES,
  parseServerKeyRing,
  type ServerKeyRing,
} from './core/server-key.js';
import type { LoggerLike } from './services/deps.js';
import { ensurePrivateDir } from './store/sqlite/private-files.js';

export const KEY_FILE_NAME = 'secret.key';

function ringOrThrow(text: string, source: string): ServerKeyRing {
  const ring = parseServerKeyRing(text);
  if (typeof ring === 'string') throw new Error(`${source}: ${ring}`);
  return ring;
}

export function loadServerKeyRing(config: Config, logger: LoggerLike): ServerKeyRing {
  if (config.secretKey !== null) return ringOrThrow(config.secretKey, 'TESSERA_SECRET_KEY');
  const path = join(config.dataDir, KEY_FILE_NAME);
  ensurePrivateDir(config.dataDir);
  // Written whole to a private temporary file, then linked into place: link fails if the key file
  // exists, so of several instances starting at once one key wins and nobody reads a half-written file.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(draft, `${formatServerKeyEntry(0, randomBytes(MIN_KEY_BYTES))}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    linkSync(draft, path);
    logger.warn(
      { path },
      'generated a new server key; keep this file safe and back it up (without it no stored token verifies), ' +
        'or set TESSERA_SECRET_KEY',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  return ringOrThrow(readFileSync(path, 'utf8'), path);
}
