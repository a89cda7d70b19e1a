// The body of a verify answer, built from a verification: one function for the Fastify route and the
// fast path in front of it, whose bytes must be the same.
import { authorityOf, lowerRole } from '../core/permissions.js';
import { formatNullableTimestamp } from '../core/time.js';
import type { TokenRecord } from '../core/token.js';
import type { Credential } from '../core/verify.js';
import type { Verification } from '../services/verify.js';

/**
 * The token's part of a verify answer depends only on the token record, and a cached credential keeps
 * the same record object across hits: built once per record, not once per verification.
 */
const described = new WeakMap<TokenRecord, ReturnType<typeof describeTokenNow>>();

function describeToken(credential: Credential) {
  let description = described.get(credential.token);
  if (description === undefined) {
    description = describeTokenNow(credential);
    described.set(credential.token, description);
  }
  return description;
}

function describeTokenNow(credential: Credential) {
  const { token } = credential;
  const authority = authorityOf(credential);
  return {
    token: {
      id: token.id,
      name: token.name,
      type: token.type,
      kind: token.kind,
      tenant_id: token.tenantId,
      owner_id: token.ownerId,
      service: token.service,
      space: token.space,
      expires_at: formatNullableTimestamp(token.expiresAtMs),
      metadata: token.metadata,
    },
    permissions: {
      role: token.role,
      // A credential is rebuilt when the member's role changes (the tenant is invalidated), so this
      // cached description never outlives a demotion.
      effective_role: authority.role === null ? null : lowerRole(authority.role, authority.capRole),
      scopes: token.scopes,
      policy: token.policy,
      custom_roles: token.customRoles,
    },
  };
}

/** The answer's body, in the order of VerifyAnswerSchema (the fast path's bytes must equal Fastify's). */
export function answerOf({ outcome, decision, remainingUses, rateLimit }: Verification) {
  const credential = outcome.credential;
  if (credential === null) {
    return {
      valid: false,
      code: outcome.code,
      token: null,
      permissions: null,
      ratelimit: null,
      remaining: null,
      decision: null,
    };
  }
  const { token, permissions } = describeToken(credential);
  return {
    valid: outcome.valid,
    code: outcome.code,
    token,
    permissions,
    ratelimit:
      rateLimit === null
        ? null
        : {
            limit: rateLimit.limit,
            remaining: rateLimit.remaining,
            reset_at: new Date(rateLimit.resetAtMs).toISOString(),
          },
    remaining: remainingUses,
    // Spelled out: the core decision also names the grant that allowed (for advice), never on the wire.
    decision:
      decision === null ? null : { effect: decision.effect, source: decision.source, match: decision.match },
  };
}
