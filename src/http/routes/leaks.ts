// POST /v1/leaks (anyone holding a leaked secret kills it) and POST /v1/leaks/github (GitHub secret
// scanning's partner alerts, authenticated by GitHub's signature over the raw body).
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TesseraError } from '../../core/errors.js';
import type { Deps, RequestContext } from '../../services/deps.js';
import { isGithubSignatureValid } from '../../services/leaks/github-keys.js';
import { handleLeakReport, type LeakFinding, MAX_SECRETS_PER_REPORT } from '../../services/leaks/report.js';
import { sha256Hex } from '../../services/secrets.js';
import type { LeakNotice } from '../../services/tokens/revoke.js';
import { rateLimited, storageUnavailable } from '../auth.js';
import { answer, BODY_PROBLEMS, problems, ref } from '../schemas.js';
import { parseStrictJson } from '../strict-json.js';
import { GithubTokenLabelsSchema, LeakReportAnswerSchema, LeakReportSchema } from '../wire/leaks.js';

/**
 * Every report is answered no sooner than this after it arrived (plus a little per secret), whatever
 * it held: a report of real secrets (revoked, written) and one of made-up strings (nothing to do) then
 * take the same time, so the timing says no more than the answer, which says nothing.
 */
export const LEAK_ANSWER_FLOOR_MS = 150;
export const LEAK_ANSWER_FLOOR_PER_SECRET_MS = 5;

/** GitHub sends alerts in batches; signed, they are bounded only to keep one request reasonable. */
export const MAX_GITHUB_ALERTS = 1000;
const GITHUB_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

function contextOf(request: FastifyRequest): RequestContext {
  return { clientIp: request.ip, requestId: request.id };
}

async function handled(
  deps: Deps,
  secrets: readonly string[],
  notice: LeakNotice,
  request: FastifyRequest,
): Promise<readonly LeakFinding[]> {
  try {
    return await handleLeakReport(deps, secrets, notice, contextOf(request));
  } catch (error) {
    throw storageUnavailable(error);
  }
}

export function registerLeakRoutes(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/leaks',
    {
      config: { acceptsSecrets: true },
      // Counted before the body is read: a flood of reports, well-formed or not, meets the limit.
      onRequest: async (request) => {
        const limit = deps.settings.leakReportsPerMinute;
        const decision = await deps.limiter.hit(
          `leak-report:${request.ip}`,
          { limit, windowSeconds: 60 },
          deps.clock.nowMs(),
        );
        if (!decision.allowed)
          throw rateLimited(decision, `at most ${limit} leak reports a minute from one address`);
      },
      schema: {
        tags: ['leaks'],
        operationId: 'reportLeak',
        summary: 'Report leaked secrets: each one that is real is revoked at once',
        description:
          'Needs no Authorization: holding a secret is the only proof there is (as with GitHub’s credential-revocation API). ' +
          'Each well-formed, known, unrevoked secret is revoked with `revoked_reason: "leaked"`, audited (actor `leak-report`, with the source) and announced as `token.leaked`; ' +
          'a canary’s report raises its `token.canary_triggered` instead. The answer is the same 202 whatever was found, and takes the same time. ' +
          `At most ${MAX_SECRETS_PER_REPORT} secrets (more is a 400 that revokes nothing); TESSERA_LEAK_REPORTS_PER_MINUTE reports a minute per client address (then 429).`,
        body: ref(LeakReportSchema),
        response: {
          202: answer(LeakReportAnswerSchema, 'Received; nothing is said about what was found'),
          ...problems(400, ...BODY_PROBLEMS, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as { secrets: string[]; source?: string; reporter?: string };
      await handled(
        deps,
        body.secrets,
        { source: body.source ?? null, reporter: body.reporter ?? null, via: 'leak-report' },
        request,
      );
      const floorMs = LEAK_ANSWER_FLOOR_MS + LEAK_ANSWER_FLOOR_PER_SECRET_MS * body.secrets.length;
      // elapsedTime counts from the request's arrival, before the limit and the body were read.
      const waitMs = floorMs - reply.elapsedTime;
      if (waitMs > 0) await sleep(waitMs);
      return reply.status(202).send({ received: body.secrets.length });
    },
  );

  app.register(async (scope) => {
    // The signature covers the exact bytes GitHub sent: this route parses its body itself, after the check.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: GITHUB_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/v1/leaks/github',
      {
        bodyLimit: GITHUB_BODY_LIMIT_BYTES,
        config: { acceptsSecrets: true },
        schema: {
          tags: ['leaks'],
          operationId: 'reportGithubSecretScanningAlert',
          summary: 'GitHub secret scanning partner alerts: revoke what GitHub found in public',
          description:
            'GitHub’s partner payload (a JSON array of `{token, type, url, source}`), signed by GitHub: the `Github-Public-Key-Identifier` and ' +
            '`Github-Public-Key-Signature` headers (ECDSA P-256, SHA-256, over the raw body) are checked against the keys in the file TESSERA_GITHUB_SCANNING_KEYS names. ' +
            'Each token is handled as a leak report; the answer labels each as GitHub expects. A bad signature is a 401 and changes nothing. ' +
            'Without TESSERA_GITHUB_SCANNING_KEYS the route is a 404. See docs/leaks.md.',
          response: {
            200: answer(GithubTokenLabelsSchema, 'One label per token, in order'),
            ...problems(400, 401, 404, ...BODY_PROBLEMS, 503),
          },
        },
      },
      async (request) => {
        const keys = deps.settings.githubScanningKeys;
        if (keys === null)
          throw new TesseraError(
            'not_found',
            'the GitHub secret scanning endpoint is off: set TESSERA_GITHUB_SCANNING_KEYS to enable it',
          );
        const body = request.body as Buffer;
        const keyId = request.headers['github-public-key-identifier'];
        const signature = request.headers['github-public-key-signature'];
        if (
          typeof keyId !== 'string' ||
          typeof signature !== 'string' ||
          !isGithubSignatureValid(keys, keyId, signature, body)
        )
          throw new TesseraError('unauthorized', 'the GitHub signature does not verify; nothing was changed');
        const alerts = githubAlertsOf(body);
        const findings = await handled(
          deps,
          alerts.map((alert) => alert.token),
          { source: alerts[0]?.url ?? null, reporter: 'github-secret-scanning', via: 'github' },
          request,
        );
        return alerts.map((alert, index) => ({
          token_hash: sha256Hex(alert.token),
          token_type: alert.type,
          label: findings[index] === 'unknown' ? 'false_positive' : 'true_positive',
        }));
      },
    );
  });
}

interface GithubAlert {
  readonly token: string;
  readonly type: string;
  readonly url: string | null;
}

/** GitHub's payload, checked by hand (its schema is GitHub's, and it was signed, not typed, by us). */
function githubAlertsOf(body: Buffer): readonly GithubAlert[] {
  const bad = (detail: string) => new TesseraError('invalid_request', detail);
  let parsed: unknown;
  try {
    parsed = parseStrictJson(body.toString('utf8'));
  } catch {
    throw bad('the body is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_GITHUB_ALERTS)
    throw bad(`the body is a JSON array of 1 to ${MAX_GITHUB_ALERTS} alerts`);
  return parsed.map((alert, index) => {
    const { token, type, url } = (alert ?? {}) as { token?: unknown; type?: unknown; url?: unknown };
    if (typeof token !== 'string' || token.length === 0 || token.length > 1024 || typeof type !== 'string')
      throw bad(`alert ${index} needs a token (at most 1,024 characters) and a type`);
    return { token, type: type.slice(0, 200), url: typeof url === 'string' ? url.slice(0, 2048) : null };
  });
}
