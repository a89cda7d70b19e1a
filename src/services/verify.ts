// The one verifier: every door that accepts a token (Authorization header, POST /v1/verify, and the
// compat dialects later) calls verifySecret. A straight line: parse + checksum (no I/O) → digest →
// one indexed read → pure decision.
import { parseSecret } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import { decideVerification, MALFORMED, NOT_FOUND, type VerifyOutcome } from '../core/verify.js';
import type { Deps } from './deps.js';

/** Longer input cannot be a secret; refusing it early keeps hashing and regexes off huge strings. */
const MAX_PRESENTED_LENGTH = 256;

export async function verifySecret(
  deps: Pick<Deps, 'store' | 'keys' | 'clock'>,
  presented: string,
): Promise<VerifyOutcome> {
  if (presented.length > MAX_PRESENTED_LENGTH) return MALFORMED;
  const parsed = parseSecret(presented);
  if (parsed === null) return MALFORMED;
  const key = deps.keys.byVersion.get(parsed.keyVersion);
  if (key === undefined) return NOT_FOUND;
  const credential = await deps.store.findCredentialByDigest(digestSecret(key, presented));
  if (credential === null) return NOT_FOUND;
  // A secret of one type presented with another type's letter cannot match a digest, but be explicit.
  if (credential.token.type !== parsed.type) return NOT_FOUND;
  return decideVerification(credential, deps.clock.nowMs());
}
