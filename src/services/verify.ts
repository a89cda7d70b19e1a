// The one verifier: every door that accepts a token (Authorization header, POST /v1/verify, and the
// compat dialects later) calls verifySecret. A straight line: parse + checksum (no I/O) → digest →
// cache (or, on a miss, one indexed read) → pure decision → one guarded write only where a count must
// be exact (max_uses). The decision runs on every call, so a cached credential still expires on time.
import { ipAllowed } from '../core/cidr.js';
import { type ActionDecision, decideAction } from '../core/permissions.js';
import type { RateDecision } from '../core/rate-limit.js';
import { parseSecret } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import {
  type Credential,
  decideVerification,
  MALFORMED,
  NOT_FOUND,
  type VerifyOutcome,
} from '../core/verify.js';
import { actorFromCredential } from './actor.js';
import type { Deps } from './deps.js';

/** Longer input cannot be a secret; refusing it early keeps hashing and regexes off huge strings. */
const MAX_PRESENTED_LENGTH = 256;

export interface VerifyRequest {
  /** The action to decide, if the caller asks one. */
  readonly action?: string | undefined;
  readonly resource?: string | undefined;
  /** Who used the token, for last_used_*: recorded only when the verification ends valid. */
  readonly ip?: string | null | undefined;
  readonly userAgent?: string | null | undefined;
}

export interface Verification {
  readonly outcome: VerifyOutcome;
  readonly decision: ActionDecision | null;
  /** Uses left after this verification, for tokens with max_uses; else null. */
  readonly remainingUses: number | null;
  /** The rate-limit window this verification counted in, for tokens with a rate_limit; else null. */
  readonly rateLimit: RateDecision | null;
}

type VerifyDeps = Pick<Deps, 'store' | 'cache' | 'keys' | 'clock' | 'usage' | 'limiter'>;

async function findCredential(deps: VerifyDeps, presented: string): Promise<Credential | VerifyOutcome> {
  if (presented.length > MAX_PRESENTED_LENGTH) return MALFORMED;
  const parsed = parseSecret(presented);
  if (parsed === null) return MALFORMED;
  const key = deps.keys.byVersion.get(parsed.keyVersion);
  if (key === undefined) return NOT_FOUND;
  const digest = digestSecret(key, presented);
  let credential = deps.cache.lookup(digest, deps.clock.nowMs());
  if (credential === undefined) {
    const startedAt = deps.cache.generation;
    credential = await deps.store.findCredentialByDigest(digest);
    deps.cache.fill(digest, credential, startedAt, deps.clock.nowMs());
  }
  // A secret's type letter is part of what was hashed, so a mismatch cannot occur; be explicit anyway.
  if (credential === null || credential.token.type !== parsed.type) return NOT_FOUND;
  return credential;
}

/** The steps after the state checks, in SPEC order: forbidden, rate_limited, usage_exceeded, valid. */
export async function verifySecret(
  deps: VerifyDeps,
  presented: string,
  request: VerifyRequest = {},
): Promise<Verification> {
  const found = await findCredential(deps, presented);
  if ('code' in found) return { outcome: found, decision: null, remainingUses: null, rateLimit: null };
  const credential = found;
  const nowMs = deps.clock.nowMs();
  const state = decideVerification(credential, nowMs);
  let remainingUses = credential.token.remainingUses;
  let decision: ActionDecision | null = null;
  let rateLimit: RateDecision | null = null;
  const refuse = (code: 'forbidden' | 'rate_limited' | 'usage_exceeded'): Verification => ({
    outcome: { valid: false, code, credential },
    decision,
    remainingUses,
    rateLimit,
  });
  if (!state.valid) return { outcome: state, decision, remainingUses, rateLimit };

  // A token confined to addresses is refused from anywhere else, and when no address is given.
  if (credential.token.allowedCidrs !== null && !ipAllowed(credential.token.allowedCidrs, request.ip))
    return refuse('forbidden');
  if (request.action !== undefined) {
    const { authority } = actorFromCredential(credential, { clientIp: null, requestId: null });
    decision = decideAction(authority, request.action, request.resource);
    if (decision.effect === 'deny') return refuse('forbidden');
  }
  // Every verification that reaches this step counts toward the limit, refused ones included.
  if (credential.token.rateLimit !== null) {
    rateLimit = await deps.limiter.hit(credential.token.id, credential.token.rateLimit, nowMs);
    if (!rateLimit.allowed) return refuse('rate_limited');
  }
  // Only a verification that ends valid spends a use; the guarded decrement keeps the count exact.
  if (credential.token.maxUses !== null) {
    const left = await deps.store.consumeUse(credential.token.id);
    if (left === null) {
      remainingUses = 0;
      return refuse('usage_exceeded');
    }
    remainingUses = left;
  }
  deps.usage.note({
    tokenId: credential.token.id,
    atMs: nowMs,
    ip: request.ip ?? null,
    userAgent: request.userAgent ?? null,
  });
  return { outcome: state, decision, remainingUses, rateLimit };
}
