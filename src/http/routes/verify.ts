// POST /v1/verify: for resource servers. Holding the secret is the credential, so the answer is always
// 200 and tells why a token is refused; storage trouble is a 503, never a wrong verdict.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../../core/errors.js';
import { authorityOf, lowerRole } from '../../core/permissions.js';
import { formatNullableTimestamp } from '../../core/time.js';
import type { TokenRecord } from '../../core/token.js';
import type { Credential } from '../../core/verify.js';
import type { Deps } from '../../services/deps.js';
import { type Verification, verifySecret } from '../../services/verify.js';
import { storageUnavailable } from '../auth.js';
import type { Metrics } from '../metrics.js';
import { answer, BODY_PROBLEMS, problems, ref } from '../schemas.js';
import { VerifyAnswerSchema, VerifyRequestSchema } from '../wire/verify.js';

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

function answerOf({ outcome, decision, remainingUses, rateLimit }: Verification) {
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

/** `info` becomes `warn` for this route; a quieter level (error, silent) or a louder one (debug) stays. */
export function verifyLogLevel(level: string): 'warn' | 'fatal' | 'error' | 'debug' | 'trace' | 'silent' {
  return level === 'info' || level === 'warn'
    ? 'warn'
    : (level as 'fatal' | 'error' | 'debug' | 'trace' | 'silent');
}

export function registerVerifyRoute(app: FastifyInstance, deps: Deps, metrics: Metrics): void {
  app.post(
    '/v1/verify',
    {
      // The secret is the credential here, and nothing of the body is stored.
      config: { acceptsSecrets: true },
      // The hot path is not access-logged at info: /metrics counts every verification by outcome, and
      // a log line costs more than the verification itself. LOG_LEVEL=debug logs each one again.
      logLevel: verifyLogLevel(app.log.level),
      schema: {
        tags: ['verify'],
        operationId: 'verifyToken',
        summary: 'Verify a token, and optionally an action on a resource',
        description:
          'For resource servers; needs no Authorization header: holding the secret is the credential, so the answer says why a token is refused. ' +
          'Answers 200 for any token, valid or not (see `valid` and `code`); only a malformed request is a 400, and storage down a 503 (never a wrong verdict). ' +
          'A valid answer spends one of max_uses; every verification that reaches the rate-limit check counts toward the limit.',
        body: ref(VerifyRequestSchema),
        response: {
          200: answer(VerifyAnswerSchema, 'The verdict, whatever it is'),
          ...problems(400, ...BODY_PROBLEMS, 503),
        },
      },
    },
    async (request) => {
      const body = request.body as { token: string; action?: string; resource?: string; ip?: string };
      // The address is matched against allowed_cidrs and stored as last_used_ip: an address, nothing else.
      if (body.ip !== undefined && isIP(body.ip) === 0)
        throw new TesseraError('invalid_request', 'ip must be an IPv4 or IPv6 address');
      let verification: Verification;
      try {
        verification = await verifySecret(deps, body.token, {
          action: body.action,
          resource: body.resource,
          ip: body.ip ?? null,
          explainRefusal: true,
          door: 'verify',
          presenter: { ip: body.ip ?? request.ip, userAgent: request.headers['user-agent'] ?? null },
        });
      } catch (error) {
        throw storageUnavailable(error);
      }
      metrics.verification('verify', verification.outcome.code);
      return answerOf(verification);
    },
  );
}
