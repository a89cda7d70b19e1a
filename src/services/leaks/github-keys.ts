// GitHub secret scanning's public keys (the JSON it publishes at
// https://api.github.com/meta/public_keys/secret_scanning) and the check of a partner alert's
// signature: ECDSA P-256 with SHA-256, DER-encoded and base64'd, over the raw request body.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

export interface GithubScanningKey {
  /** `key_identifier`: the `Github-Public-Key-Identifier` header names the key that signed. */
  readonly id: string;
  readonly key: KeyObject;
}

/** The keys of GitHub's published JSON (`{"public_keys": [{key_identifier, key, is_current}]}`), or why not. */
export function parseGithubScanningKeys(text: string): readonly GithubScanningKey[] | string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return 'is not JSON (expected GitHub\'s {"public_keys": [...]})';
  }
  const entries = (document as { public_keys?: unknown } | null)?.public_keys;
  if (!Array.isArray(entries) || entries.length === 0)
    return 'has no "public_keys" array (expected the JSON GitHub publishes for secret scanning)';
  const keys: GithubScanningKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const { key_identifier: id, key } = (entry ?? {}) as { key_identifier?: unknown; key?: unknown };
    if (typeof id !== 'string' || id === '' || typeof key !== 'string')
      return `public_keys[${index}] needs a key_identifier and a PEM key`;
    try {
      const publicKey = createPublicKey(key);
      if (publicKey.asymmetricKeyType !== 'ec') return `public_keys[${index}] is not an ECDSA key`;
      keys.push({ id, key: publicKey });
    } catch {
      return `public_keys[${index}] is not a PEM public key`;
    }
  }
  return keys;
}

/** Whether `signature` (base64 DER) over `body` was made by the key `keyId` names. */
export function isGithubSignatureValid(
  keys: readonly GithubScanningKey[],
  keyId: string | undefined,
  signature: string | undefined,
  body: Buffer,
): boolean {
  if (keyId === undefined || signature === undefined || signature.length > 512) return false;
  const key = keys.find((candidate) => candidate.id === keyId);
  if (key === undefined) return false;
  try {
    return verify('sha256', body, key.key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
