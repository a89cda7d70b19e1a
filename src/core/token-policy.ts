// A tenant's token policy (GitHub's and GitLab's maximum-lifetime policies, Vault's max_ttl): how long
// a token made or changed in the tenant may live, what it gets when it names no expiry, and whether
// it may be permanent. Tokens that exist when a policy is set keep their expiry: the policy governs
// creates and expiry changes from then on (`expires_before` / `lifetime=permanent` find the others).
import { MS_PER_SECOND } from './time.js';
import { MAX_LIFETIME_MS } from './token.js';

export interface TokenPolicy {
  /** The longest a token may live from the moment it is made or its expiry is changed; null: no bound. */
  readonly maxLifetimeSeconds: number | null;
  /** What a create that names no expiry gets instead of the native default; null: the native default. */
  readonly defaultTtlSeconds: number | null;
  /** A create must name its expiry (ttl, expires_at or lifetime): no default is chosen for it. */
  readonly requireExpiry: boolean;
  /** Permanent tokens may be made (or a token made permanent). */
  readonly allowPermanent: boolean;
}

/** The policy as asked for, before its defaults: allow_permanent defaults to "no maximum lifetime". */
export interface TokenPolicyRequest {
  readonly maxLifetimeSeconds?: number | null | undefined;
  readonly defaultTtlSeconds?: number | null | undefined;
  readonly requireExpiry?: boolean | undefined;
  readonly allowPermanent?: boolean | undefined;
}

export const MIN_POLICY_SECONDS = 60;
export const MAX_POLICY_SECONDS = MAX_LIFETIME_MS / MS_PER_SECOND;

/** The policy a request describes, or the reason it is not one. */
export function resolveTokenPolicy(
  request: TokenPolicyRequest,
): { ok: true; policy: TokenPolicy } | { ok: false; detail: string } {
  const maxLifetimeSeconds = request.maxLifetimeSeconds ?? null;
  const defaultTtlSeconds = request.defaultTtlSeconds ?? null;
  // A maximum lifetime means every token ends, unless permanent ones are let through explicitly.
  const allowPermanent = request.allowPermanent ?? maxLifetimeSeconds === null;
  if (maxLifetimeSeconds !== null && defaultTtlSeconds !== null && defaultTtlSeconds > maxLifetimeSeconds)
    return { ok: false, detail: 'default_ttl_seconds is longer than max_lifetime_seconds' };
  return {
    ok: true,
    policy: {
      maxLifetimeSeconds,
      defaultTtlSeconds,
      requireExpiry: request.requireExpiry ?? false,
      allowPermanent,
    },
  };
}

/** What a create asks of its expiry, as the policy sees it. */
export interface ExpiryAsked {
  /** The create names ttl, expires_at or a lifetime (anything but nothing). */
  readonly named: boolean;
}

/**
 * The ttl a create that names no expiry is given under `policy`, or undefined for the native default.
 * Sessions keep their shorter native default when the policy's is longer.
 */
export function policyDefaultTtlSeconds(
  policy: TokenPolicy | null,
  type: 'api' | 'session',
  sessionDefaultSeconds: number,
): number | undefined {
  if (policy === null || policy.defaultTtlSeconds === null) return undefined;
  return type === 'session'
    ? Math.min(policy.defaultTtlSeconds, sessionDefaultSeconds)
    : policy.defaultTtlSeconds;
}

/**
 * Why a token whose expiry becomes `expiresAtMs` at `nowMs` is outside `policy`, or null. `asked` is
 * given for a create (require_expiry concerns what the request named); a change passes null.
 */
export function tokenPolicyViolation(
  policy: TokenPolicy | null,
  expiresAtMs: number | null,
  nowMs: number,
  asked: ExpiryAsked | null,
): string | null {
  if (policy === null) return null;
  if (asked !== null && policy.requireExpiry && !asked.named)
    return "the tenant's token policy requires every create to name its expiry (ttl or expires_at)";
  if (expiresAtMs === null) {
    return policy.allowPermanent
      ? null
      : "the tenant's token policy does not allow permanent tokens: give ttl or expires_at";
  }
  const max = policy.maxLifetimeSeconds;
  if (max !== null && expiresAtMs - nowMs > max * MS_PER_SECOND)
    return `the tenant's token policy allows tokens to live at most ${max} seconds (max_lifetime_seconds)`;
  return null;
}

/** The policy in the API's snake_case: the wire, the audit details and the stored column all say it so. */
export function tokenPolicyJson(policy: TokenPolicy) {
  return {
    max_lifetime_seconds: policy.maxLifetimeSeconds,
    default_ttl_seconds: policy.defaultTtlSeconds,
    require_expiry: policy.requireExpiry,
    allow_permanent: policy.allowPermanent,
  };
}
