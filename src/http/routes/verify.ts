// POST /v1/verify: for resource servers. Holding the secret is the credential, so the answer is always
// 200 and tells why a token is refused; storage trouble is a 503, never a wrong verdict.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../core/errors.js';
import { formatNullableTimestamp } from '../../core/time.js';
import type { TokenRecord } from '../../core/token.js';
import type { Deps } from '../../services/deps.js';
import { type Verification, verifySecret } from '../../services/verify.js';
import { storageUnavailable } from '../auth.js';
import type { Metrics } from '../metrics.js';
import { MetadataSchema, Nullable, ProblemSchema, RoleSchema, VerifyCodeSchema } from '../schemas.js';

const VerifyBody = Type.Object(
  {
    token: Type.String({ maxLength: 1024 }),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    resource: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    ip: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

const VerifyAnswer = Type.Object({
  valid: Type.Boolean(),
  code: VerifyCodeSchema,
  token: Nullable(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      type: Type.String(),
      kind: Type.String(),
      tenant_id: Type.String(),
      owner_id: Nullable(Type.String()),
      service: Type.Boolean(),
      space: Nullable(Type.String()),
      expires_at: Nullable(Type.String()),
      metadata: Nullable(MetadataSchema),
    }),
  ),
  permissions: Nullable(
    Type.Object({
      role: Nullable(RoleSchema),
      scopes: Type.Array(Type.String()),
      policy: Nullable(Type.Array(Type.Unknown())),
      custom_roles: Nullable(Type.Array(Type.String())),
    }),
  ),
  ratelimit: Nullable(
    Type.Object({ limit: Type.Integer(), remaining: Type.Integer(), reset_at: Type.String() }),
  ),
  remaining: Nullable(Type.Integer()),
  decision: Nullable(
    Type.Object({ effect: Type.String(), source: Type.String(), match: Nullable(Type.String()) }),
  ),
});

/**
 * The token's part of a verify answer depends only on the token record, and a cached credential keeps
 * the same record object across hits: built once per record, not once per verification.
 */
const described = new WeakMap<TokenRecord, ReturnType<typeof describeTokenNow>>();

function describeToken(token: TokenRecord) {
  let description = described.get(token);
  if (description === undefined) {
    description = describeTokenNow(token);
    described.set(token, description);
  }
  return description;
}

function describeTokenNow(token: TokenRecord) {
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
  const { token, permissions } = describeToken(credential.token);
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
    decision,
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
        summary: 'Verify a token (and optionally an action) for a resource server',
        body: VerifyBody,
        response: { 200: VerifyAnswer, 400: ProblemSchema, 503: ProblemSchema },
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
        });
      } catch (error) {
        throw storageUnavailable(error);
      }
      metrics.verification('verify', verification.outcome.code);
      return answerOf(verification);
    },
  );
}
