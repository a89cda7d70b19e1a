// The only code that makes or reads secrets: minting a new one (format, digest under the current key,
// hint) and digesting a presented one (length guard, parse and checksum, key version, one HMAC).

import { hash } from 'node:crypto';
import { PRESENTED_SECRET_MAX_LENGTH } from '../core/imported-secret.js';
import {
  formatSecret,
  parseSecret,
  SECRET_RANDOM_BYTES,
  secretHint,
  type TokenType,
} from '../core/secret.js';
import { digestSecret, type ServerKeyRing } from '../core/server-key.js';
import type { NewSecret, PendingImportedSecret } from '../store/store.js';
import type { RandomSource } from './deps.js';

export interface MintedSecret {
  /** Shown once, in the answer that creates or rotates it; never stored, logged or audited. */
  readonly secret: string;
  /** What the store keeps: the keyed digest and the key version that made it. */
  readonly stored: NewSecret;
  /** The last four characters, for display. */
  readonly hint: string;
}

/** A new secret of `type` from 32 random bytes, hashed under the current server key. */
export function mintSecret(
  deps: { readonly random: RandomSource; readonly keys: ServerKeyRing },
  type: TokenType,
): MintedSecret {
  const key = deps.keys.current;
  const secret = formatSecret(type, key.version, deps.random.bytes(SECRET_RANDOM_BYTES));
  return {
    secret,
    stored: { digest: digestSecret(key, secret), keyVersion: key.version },
    hint: secretHint(secret),
  };
}

/** Longer input cannot be a secret; refusing it early keeps hashing and parsing off huge strings. */
const MAX_PRESENTED_LENGTH = PRESENTED_SECRET_MAX_LENGTH;

/** The presented string is not a well-formed Tessera secret (length, format or checksum). */
export const MALFORMED_SECRET: unique symbol = Symbol('malformed secret');
/** Well-formed, but hashed by a key version this server does not hold: it cannot be one of ours. */
export const UNKNOWN_KEY_VERSION: unique symbol = Symbol('unknown key version');

/**
 * The stored digest a presented secret would have, or why there is none. No I/O: a mistyped or
 * foreign string is refused here, before any cache or store lookup. Allocates nothing on refusal.
 */
export function digestOfPresented(
  keys: ServerKeyRing,
  presented: string,
): string | typeof MALFORMED_SECRET | typeof UNKNOWN_KEY_VERSION {
  if (presented.length > MAX_PRESENTED_LENGTH) return MALFORMED_SECRET;
  const parsed = parseSecret(presented);
  if (parsed === null) return MALFORMED_SECRET;
  const key = keys.byVersion.get(parsed.keyVersion);
  if (key === undefined) return UNKNOWN_KEY_VERSION;
  return digestSecret(key, presented);
}

/** What an import gives: the secret itself, or only the SHA-256 its former system kept. */
export type ImportedSecret = { readonly secret: string } | { readonly sha256: string };

/** An imported secret as the store keeps it: HMAC under the current key, or its SHA-256 until presented. */
export function storedImport(
  keys: ServerKeyRing,
  imported: ImportedSecret,
): { readonly stored: NewSecret | PendingImportedSecret; readonly hint: string } {
  if ('sha256' in imported) return { stored: { sha256: imported.sha256 }, hint: '' };
  const key = keys.current;
  return {
    stored: { digest: digestSecret(key, imported.secret), keyVersion: key.version },
    hint: secretHint(imported.secret),
  };
}

/**
 * The digests an imported secret may be stored under: one per key version held, the current first.
 * An imported secret names no key version, so each is tried (a ring holds one or two keys).
 */
export function importedDigests(keys: ServerKeyRing, presented: string): readonly string[] {
  const digests = [digestSecret(keys.current, presented)];
  for (const key of keys.byVersion.values())
    if (key !== keys.current) digests.push(digestSecret(key, presented));
  return digests;
}

/** The SHA-256 (lower-case hex) a system that kept only SHA-256 would have stored. */
export function sha256Hex(presented: string): string {
  return hash('sha256', presented, 'hex');
}
