// The versioned server key (pepper) that turns secrets into stored digests.
// Stored digest = HMAC-SHA256(key bytes, ASCII bytes of the whole secret). The key never reaches the
// database; the database keeps only a check value per version so a wrong key is refused at start.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const MIN_KEY_BYTES = 32;
const CHECK_LABEL = 'tessera server key check v1';

export interface ServerKey {
  readonly version: number;
  readonly key: KeyObject;
}

export interface ServerKeyRing {
  /** The key that hashes new secrets: the first entry of TESSERA_SECRET_KEY. */
  readonly current: ServerKey;
  readonly byVersion: ReadonlyMap<number, ServerKey>;
}

/** Parses `<digit>:<base64url>` entries; returns an error message instead of throwing. */
export function parseServerKeyRing(text: string): ServerKeyRing | string {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return 'TESSERA_SECRET_KEY is empty';
  const byVersion = new Map<number, ServerKey>();
  for (const entry of entries) {
    const match = /^([0-9]):([A-Za-z0-9_-]+)$/.exec(entry);
    if (!match) return 'each TESSERA_SECRET_KEY entry must be <digit>:<base64url of at least 32 bytes>';
    const version = Number(match[1]);
    const bytes = Buffer.from(match[2]!, 'base64url');
    if (bytes.length < MIN_KEY_BYTES)
      return `key version ${version} has ${bytes.length} bytes; at least 32 needed`;
    if (byVersion.has(version)) return `key version ${version} appears twice in TESSERA_SECRET_KEY`;
    byVersion.set(version, { version, key: createSecretKey(bytes) });
  }
  return { current: byVersion.get(Number(entries[0]![0]))!, byVersion };
}

export function formatServerKeyEntry(version: number, keyBytes: Uint8Array): string {
  return `${version}:${Buffer.from(keyBytes).toString('base64url')}`;
}

/** The stored form of a secret: 32 bytes, written as 64 hex characters. */
export function digestSecret(key: ServerKey, secret: string): string {
  return createHmac('sha256', key.key).update(secret, 'ascii').digest('hex');
}

/** What the database keeps per key version: proves "same key" without revealing it. */
export function keyCheckValue(key: ServerKey): string {
  return createHmac('sha256', key.key).update(CHECK_LABEL, 'ascii').digest('hex');
}
