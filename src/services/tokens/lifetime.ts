// A new token's lifetime as its tenant's token policy shapes it: the policy's default ttl for a request
// that names no expiry, the native rules (SPEC "Lifetimes"), then the policy's bounds. Every door that
// makes a token (a create, an admin's issue to a member) asks this, so one policy holds for all.
import { TesseraError } from '../../core/errors.js';
import { MS_PER_SECOND } from '../../core/time.js';
import { type LifetimeRequest, resolveLifetime, SESSION_DEFAULT_TTL_MS } from '../../core/token.js';
import { policyDefaultTtlSeconds, tokenPolicyViolation } from '../../core/token-policy.js';
import type { Deps } from '../deps.js';

export interface ResolvedLifetime {
  readonly expiresAtMs: number | null;
  readonly notBeforeMs: number | null;
}

/** The lifetime of a token made in `tenantId` now: a 400 for a request the native rules refuse, a 403 outside the policy. */
export async function lifetimeUnderPolicy(
  deps: Pick<Deps, 'store'>,
  tenantId: string,
  request: LifetimeRequest,
  nowMs: number,
): Promise<ResolvedLifetime> {
  const policy = (await deps.store.findTenant(tenantId))?.tokenPolicy ?? null;
  const named =
    request.ttlSeconds !== undefined || request.expiresAtMs !== undefined || request.lifetime !== undefined;
  const lifetime = resolveLifetime(
    named
      ? request
      : {
          ...request,
          ttlSeconds: policyDefaultTtlSeconds(policy, request.type, SESSION_DEFAULT_TTL_MS / MS_PER_SECOND),
        },
    nowMs,
  );
  if (!lifetime.ok) throw new TesseraError('invalid_request', lifetime.detail);
  const violation = tokenPolicyViolation(policy, lifetime.expiresAtMs, nowMs, { named });
  if (violation !== null) throw new TesseraError('token_policy_violation', violation);
  return lifetime;
}
