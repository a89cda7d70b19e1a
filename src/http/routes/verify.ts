// POST /v1/verify: for resource servers. Holding the secret is the credential, so the answer is always
// 200 and tells why a token is refused; storage trouble is a 503, never a wrong verdict.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../../core/errors.js';
import type { Deps } from '../../services/deps.js';
import { type Verification, verifySecret } from '../../services/verify.js';
import { storageUnavailable } from '../auth.js';
import type { Metrics } from '../metrics.js';
import { answer, BODY_PROBLEMS, problems, ref } from '../schemas.js';
import { answerOf } from '../verify-answer.js';
import { failedFastVerification, replayReadBody } from '../verify-fast-path.js';
import { VerifyAnswerSchema, VerifyRequestSchema } from '../wire/verify.js';

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
      // A request the fast path read and handed over (verify-fast-path.ts) is parsed from what it read.
      preParsing: (request, _reply, payload, done) => done(null, replayReadBody(request.raw) ?? payload),
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
      // The fast path's verification failed on storage: answered here, in the one shape, not run again.
      const failed = failedFastVerification(request.raw);
      if (failed !== null) throw storageUnavailable(failed.error);
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
