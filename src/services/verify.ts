// The one verifier: every door that accepts a token (Authorization header, POST /v1/verify, and the
// compat dialects later) calls verifySecret. A straight line: parse + checksum (no I/O) → digest →
// cache (or, on a miss, one indexed read) → pure decision → one guarded write only where a count must
// be exact (max_uses). The decision runs on every call, so a cached credential still expires on time.
import { ipAllowed } from '../core/cidr.js';
import { isImportCandidate } from '../core/imported-secret.js';
import { type ActionDecision, authorityOf, decideAction, grantKey } from '../core/permissions.js';
import type { RateDecision } from '../core/rate-limit.js';
import { isPlainPath } from '../core/resource-path.js';
import { maskSecretShapes, secretHint } from '../core/secret.js';
import type { TokenRecord } from '../core/token.js';
import {
  type Credential,
  decideVerification,
  MALFORMED,
  NOT_FOUND,
  type VerifyOutcome,
} from '../core/verify.js';
import type { LastUse } from '../store/store.js';
import type { Deps } from './deps.js';
import { tokenEvent } from './events/build.js';
import {
  digestOfPresented,
  importedDigests,
  MALFORMED_SECRET,
  sha256Hex,
  UNKNOWN_KEY_VERSION,
} from './secrets.js';

export interface VerifyRequest {
  /** The action to decide, if the caller asks one. */
  readonly action?: string | undefined;
  readonly resource?: string | undefined;
  /** Who used the token, for last_used_*: recorded only when the verification ends valid. */
  readonly ip?: string | null | undefined;
  readonly userAgent?: string | null | undefined;
  /**
   * Tell a refused token's uses left and rate window (POST /v1/verify answers them). The bearer door
   * answers a refusal with a bare 401 and skips the reads this costs.
   */
  readonly explainRefusal?: boolean;
  /** Which door the secret came through (`verify`, `api`, a dialect's name), for the events that say. */
  readonly door?: string | undefined;
  /**
   * Who presented the secret, for `token.used_in_grace` and `token.canary_triggered`: on POST
   * /v1/verify the end client's address if the resource server gave one, else the caller's. Defaults
   * to `ip` and `userAgent`.
   */
  readonly presenter?: { readonly ip: string | null; readonly userAgent: string | null } | undefined;
}

/** `token.used_in_grace` and `token.canary_triggered` are sent at most once per token in this long. */
export const PRESENTATION_EVENT_QUIET_MS = 60_000;

export interface Verification {
  readonly outcome: VerifyOutcome;
  readonly decision: ActionDecision | null;
  /** Uses left after this verification, for tokens with max_uses; else null. */
  readonly remainingUses: number | null;
  /** The rate-limit window this verification counted in, for tokens with a rate_limit; else null. */
  readonly rateLimit: RateDecision | null;
  /** The use this verification noted for last_used_* (written behind): a valid one only; else null. */
  readonly lastUse: LastUse | null;
}

/** What a verification that found no credential (or a canary, answered as none) adds to its outcome. */
const NO_CREDENTIAL = { decision: null, remainingUses: null, rateLimit: null, lastUse: null } as const;

type VerifyDeps = Pick<
  Deps,
  'store' | 'cache' | 'keys' | 'clock' | 'usage' | 'limiter' | 'random' | 'settings'
>;

/**
 * The credential a presented secret names, or why none: the lookup every door and a leak report make.
 * A string that is neither a Tessera secret nor an import candidate is refused with no I/O.
 */
export async function findCredential(
  deps: Pick<VerifyDeps, 'store' | 'cache' | 'keys' | 'clock' | 'settings'>,
  presented: string,
): Promise<Credential | VerifyOutcome> {
  return findCredentialNow(deps, presented);
}

/** `findCredential`, answered at once when it needs no read (malformed, or in the cache). */
function findCredentialNow(
  deps: Pick<VerifyDeps, 'store' | 'cache' | 'keys' | 'clock' | 'settings'>,
  presented: string,
): Credential | VerifyOutcome | Promise<Credential | VerifyOutcome> {
  const digest = digestOfPresented(deps.keys, presented);
  if (digest === MALFORMED_SECRET)
    return isImportCandidate(presented, deps.settings.importPrefixes)
      ? findImportedCredential(deps, presented)
      : MALFORMED;
  if (digest === UNKNOWN_KEY_VERSION) return NOT_FOUND;
  const cached = deps.cache.lookup(digest, deps.clock.nowMs());
  if (cached !== undefined) return credentialFor(presented, cached);
  const startedAt = deps.cache.generation;
  return deps.store.findCredentialByDigest(digest).then((stored) => {
    deps.cache.fill(digest, stored, startedAt, deps.clock.nowMs());
    return credentialFor(presented, stored);
  });
}

function credentialFor(presented: string, credential: Credential | null): Credential | VerifyOutcome {
  // A secret's type letter (`a` api, `s` session: the type's initial) is part of what was hashed, so
  // a mismatch cannot occur; be explicit anyway.
  if (credential === null || credential.token.type[0] !== presented[4]) return NOT_FOUND;
  return credential;
}

/**
 * An imported secret: stored as HMAC under one of the key versions held (it names none), or still as
 * the SHA-256 its former system kept, which its first presentation re-hashes (once, whatever races).
 * Unknown candidates are not remembered as unknown: an import may store one at any moment, on any
 * instance, and no invalidation names a digest that was never stored.
 */
async function findImportedCredential(
  deps: Pick<VerifyDeps, 'store' | 'cache' | 'keys' | 'clock'>,
  presented: string,
): Promise<Credential | VerifyOutcome> {
  const digests = importedDigests(deps.keys, presented);
  for (const digest of digests) {
    const cached = deps.cache.lookup(digest, deps.clock.nowMs());
    if (cached) return cached.token.imported ? cached : NOT_FOUND;
    const startedAt = deps.cache.generation;
    const stored = await deps.store.findCredentialByDigest(digest);
    if (stored !== null) {
      deps.cache.fill(digest, stored, startedAt, deps.clock.nowMs());
      return stored.token.imported ? stored : NOT_FOUND;
    }
  }
  const sha256 = sha256Hex(presented);
  const current = { digest: digests[0] as string, keyVersion: deps.keys.current.version };
  // A claim re-hashes and drops the SHA-256 in one transaction, so at every instant one of the two is
  // stored: no pending row means a claim may have committed since the read above, so read it again.
  if (await deps.store.hasPendingImport(sha256)) {
    const nowMs = deps.clock.nowMs();
    const claim = await deps.store.transaction((tx) =>
      tx.claimPendingImport(sha256, current, secretHint(presented), nowMs),
    );
    if (claim === 'none') return NOT_FOUND;
  }
  const startedAt = deps.cache.generation;
  const rehashed = await deps.store.findCredentialByDigest(current.digest);
  if (rehashed === null || !rehashed.token.imported) return NOT_FOUND;
  deps.cache.fill(current.digest, rehashed, startedAt, deps.clock.nowMs());
  return rehashed;
}

/**
 * THE verification of a presented secret, on every door. Every verification that names a token is
 * counted in usage (in memory; written with the last-used batch), canaries included: a canary is
 * answered exactly as an unknown secret, from the same one read an unknown secret makes.
 */
export async function verifySecret(
  deps: VerifyDeps,
  presented: string,
  request: VerifyRequest = {},
): Promise<Verification> {
  return verifySecretNow(deps, presented, request);
}

/**
 * `verifySecret`, answered at once (no promise) when it needs no I/O: a malformed secret, or a cached
 * credential of a token with neither a rate limit nor max_uses. The same steps either way: each async
 * step below only continues the one sequence; POST /v1/verify's fast path answers within the tick
 * that read the body.
 */
export function verifySecretNow(
  deps: VerifyDeps,
  presented: string,
  request: VerifyRequest = {},
): Verification | Promise<Verification> {
  const found = findCredentialNow(deps, presented);
  return found instanceof Promise
    ? found.then((credential) => verifyFound(deps, credential, request))
    : verifyFound(deps, found, request);
}

function verifyFound(
  deps: VerifyDeps,
  found: Credential | VerifyOutcome,
  request: VerifyRequest,
): Verification | Promise<Verification> {
  if ('code' in found) return { outcome: found, ...NO_CREDENTIAL };
  const nowMs = deps.clock.nowMs();
  const { token } = found;
  if (token.canary) {
    deps.usage.count(token.id, token.tenantId, nowMs, NOT_FOUND.code);
    noteLastUse(deps, token.id, nowMs, request);
    notePresentation(deps, 'token.canary_triggered', token, nowMs, request);
    return { outcome: NOT_FOUND, ...NO_CREDENTIAL };
  }
  const verification = verifyCredential(deps, found, nowMs, request);
  if (verification instanceof Promise)
    return verification.then((settled) => counted(deps, token, nowMs, settled));
  return counted(deps, token, nowMs, verification);
}

/** Every verification that names a token counts in its usage, by outcome. */
function counted(
  deps: VerifyDeps,
  token: TokenRecord,
  nowMs: number,
  verification: Verification,
): Verification {
  deps.usage.count(token.id, token.tenantId, nowMs, verification.outcome.code);
  return verification;
}

/** An event that says who presented the token, through which door; quiet for a minute afterwards. */
export function notePresentation(
  deps: Pick<VerifyDeps, 'usage' | 'random'>,
  type: 'token.canary_triggered' | 'token.used_in_grace',
  token: TokenRecord,
  nowMs: number,
  request: VerifyRequest,
): void {
  deps.usage.noteEvent(
    nowMs,
    () => {
      const presenter = request.presenter ?? { ip: request.ip ?? null, userAgent: request.userAgent ?? null };
      return tokenEvent(deps, nowMs, type, token, {
        ip: presenter.ip,
        user_agent: presenter.userAgent === null ? null : maskedUserAgent(presenter.userAgent),
        door: request.door ?? 'verify',
      });
    },
    { key: `${type}:${token.id}`, untilMs: nowMs + PRESENTATION_EVENT_QUIET_MS },
  );
}

/** A user agent is the client's text, stored and shown again: a secret pasted into it is masked. */
function maskedUserAgent(userAgent: string): string {
  return userAgent.includes('tsr_') ? maskSecretShapes(userAgent) : userAgent;
}

/** Notes who used a token for its last_used_* fields (written behind), and answers the use noted. */
function noteLastUse(deps: VerifyDeps, tokenId: string, nowMs: number, request: VerifyRequest): LastUse {
  const use: LastUse = {
    tokenId,
    atMs: nowMs,
    ip: request.ip ?? null,
    userAgent:
      request.userAgent === undefined || request.userAgent === null
        ? null
        : maskedUserAgent(request.userAgent),
  };
  deps.usage.noteLastUse(use);
  return use;
}

/**
 * Spends one use; the one that spends the last writes `token.exhausted` in the same transaction (the
 * guarded decrement lets exactly one verification see 0, on any number of instances).
 */
function consumeUse(deps: VerifyDeps, token: TokenRecord, nowMs: number): Promise<number | null> {
  return deps.store.transaction(async (tx) => {
    const left = await tx.consumeUse(token.id);
    if (left === 0)
      await tx.insertEvents([tokenEvent(deps, nowMs, 'token.exhausted', { ...token, remainingUses: 0 })]);
    return left;
  });
}

/** Where a verification stands when it is refused or accepted: what `refused` and `accepted` need. */
interface Verifying {
  readonly deps: VerifyDeps;
  readonly credential: Credential;
  readonly nowMs: number;
  readonly request: VerifyRequest;
  readonly decision: ActionDecision | null;
}

/**
 * The steps after the state checks, in SPEC order: forbidden, rate_limited, usage_exceeded, valid.
 * Answered at once unless the token has a rate limit or max_uses (their windows and counts are kept
 * elsewhere), or a refusal must tell them. No closure is made on the way: this runs on every hit.
 */
function verifyCredential(
  deps: VerifyDeps,
  credential: Credential,
  nowMs: number,
  request: VerifyRequest,
): Verification | Promise<Verification> {
  const { token } = credential;
  const state = decideVerification(credential, nowMs);
  if (!state.valid) return refused({ deps, credential, nowMs, request, decision: null }, state);

  const decision =
    request.action === undefined
      ? null
      : decideAction(authorityOf(credential), request.action, request.resource);
  const at: Verifying = { deps, credential, nowMs, request, decision };
  const forbidden: VerifyOutcome = { valid: false, code: 'forbidden', credential };
  // A resource that is not a plain path (`a/../b`) is refused, never normalised into another path.
  if (request.resource !== undefined && !isPlainPath(request.resource)) return refused(at, forbidden);
  // A token confined to addresses is refused from anywhere else, and when no address is given.
  if (token.allowedCidrs !== null && !ipAllowed(token.allowedCidrs, request.ip))
    return refused(at, forbidden);
  if (decision?.effect === 'deny') return refused(at, forbidden);
  if (token.rateLimit === null && token.maxUses === null) return accepted(at, state, null, null);
  return spendLimits(at, state);
}

/**
 * A refused verification still tells a limited token's window and uses left (SPEC: null only for a
 * token without a limit). They are read now, not taken from the credential: a cached credential's
 * count of uses is as old as the cache entry. `usesLeft` is given where the refusal itself knows it.
 */
function refused(
  at: Verifying,
  outcome: VerifyOutcome,
  rateLimit: RateDecision | null = null,
  usesLeft?: number,
): Verification | Promise<Verification> {
  const { token } = at.credential;
  const verification = { outcome, decision: at.decision, lastUse: null, rateLimit, remainingUses: null };
  if (at.request.explainRefusal !== true) return verification;
  const readsWindow = rateLimit === null && token.rateLimit !== null;
  const readsUses = token.maxUses === null ? false : usesLeft === undefined;
  if (!readsWindow && !readsUses)
    return { ...verification, remainingUses: token.maxUses === null ? null : (usesLeft ?? 0) };
  return explainedRefusal(at, verification, usesLeft);
}

/** A refusal's window and uses left, read where the credential cannot tell them (see `refused`). */
async function explainedRefusal(
  { deps, credential: { token }, nowMs }: Verifying,
  verification: Verification,
  usesLeft: number | undefined,
): Promise<Verification> {
  return {
    ...verification,
    rateLimit:
      verification.rateLimit ??
      (token.rateLimit === null ? null : await deps.limiter.peek(token.id, token.rateLimit, nowMs)),
    remainingUses:
      token.maxUses === null
        ? null
        : (usesLeft ?? (await deps.store.findToken(token.tenantId, token.id))?.remainingUses ?? 0),
  };
}

/** The rate limit's window and the uses left: every verification reaching here counts toward both. */
async function spendLimits(at: Verifying, state: VerifyOutcome): Promise<Verification> {
  const { deps, credential, nowMs } = at;
  const { token } = credential;
  // Every verification that reaches this step counts toward the limit, refused ones included.
  let rateLimit: RateDecision | null = null;
  if (token.rateLimit !== null) {
    rateLimit = await deps.limiter.hit(token.id, token.rateLimit, nowMs);
    if (!rateLimit.allowed) {
      // Once per token and window: the window's end is when the next one may be sent.
      const resetAtMs = rateLimit.resetAtMs;
      deps.usage.noteEvent(nowMs, () => tokenEvent(deps, nowMs, 'token.rate_limited', token), {
        key: `token.rate_limited:${token.id}`,
        untilMs: resetAtMs,
      });
      return refused(at, { valid: false, code: 'rate_limited', credential }, rateLimit);
    }
  }
  // Only a verification that ends valid spends a use; the guarded decrement keeps the count exact.
  let remainingUses: number | null = null;
  if (token.maxUses !== null) {
    remainingUses = await consumeUse(deps, token, nowMs);
    if (remainingUses === null)
      return refused(at, { valid: false, code: 'usage_exceeded', credential }, rateLimit, 0);
  }
  return accepted(at, state, remainingUses, rateLimit);
}

/** A valid verification: its use noted for last_used_*, the grant it used, a use in grace. */
function accepted(
  { deps, credential, nowMs, request, decision }: Verifying,
  state: VerifyOutcome,
  remainingUses: number | null,
  rateLimit: RateDecision | null,
): Verification {
  const { token } = credential;
  const lastUse = noteLastUse(deps, token.id, nowMs, request);
  // Which grant allowed the action asked, for least-privilege advice.
  if (decision?.grant !== undefined)
    deps.usage.noteGrantUse(
      token.id,
      nowMs,
      grantKey(decision.grant),
      request.action!,
      request.resource ?? null,
    );
  // A rotated-out secret still in its grace: its holder has not switched yet.
  if (credential.secretExpiresAtMs !== null)
    notePresentation(deps, 'token.used_in_grace', token, nowMs, request);
  return { outcome: state, decision, remainingUses, rateLimit, lastUse };
}
