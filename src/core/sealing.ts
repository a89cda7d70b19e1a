// Sealing a value that must be read back (a webhook signing secret: it signs, so it cannot be a
// digest): AES-256-GCM under a key derived with HKDF-SHA256 from the server key and a fixed label, so
// the database alone never yields it and a key meant for hashing is never used as is for encryption.
// Sealed form: `<key version>.<base64url 12-byte IV>.<base64url ciphertext + 16-byte tag>`; the IV is
// fresh for every value (GCM must never repeat an IV under one key).
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { ServerKey, ServerKeyRing } from './server-key.js';

const SEALING_INFO = 'tessera webhook signing secret v1';
export const SEALING_IV_BYTES = 12;
const TAG_BYTES = 16;

/** The AES-256 key for sealing under `key`: derived, never the server key itself. */
function sealingKey(key: ServerKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), SEALING_INFO, 32));
}

export function sealValue(keys: ServerKeyRing, plaintext: string, iv: Buffer): string {
  const key = keys.current;
  const cipher = createCipheriv('aes-256-gcm', sealingKey(key), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${key.version}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The plaintext, or null when the key version is gone or the value was tampered with. */
export function openSealed(keys: ServerKeyRing, sealed: string): string | null {
  const [versionText, ivText, bodyText, extra] = sealed.split('.');
  if (versionText === undefined || ivText === undefined || bodyText === undefined || extra !== undefined)
    return null;
  const key = keys.byVersion.get(Number(versionText));
  if (key === undefined) return null;
  const body = Buffer.from(bodyText, 'base64url');
  if (body.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(key), Buffer.from(ivText, 'base64url'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}
