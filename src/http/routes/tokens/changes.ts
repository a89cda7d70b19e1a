// Changing one token: PATCH (merge patch or JSON Patch), rotate (and LaunchDarkly's /reset), revoke.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import type { Json } from '../../../core/json-patch.js';
import { etagOf, toPublicToken } from '../../../core/token.js';
import type { Deps } from '../../../services/deps.js';
import { patchToken, rotateToken } from '../../../services/tokens/change.js';
import { revokeSelf, revokeToken } from '../../../services/tokens/revoke.js';
import { actorOf } from '../../auth.js';
import { authErrors, IdParams, ProblemSchema, TokenSchema, TokenWithSecretSchema } from '../../schemas.js';
import { withSecret } from '../../wire/tokens.js';

function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return Array.isArray(header) ? header.join(',') : header;
}

/** application/json-patch+json is RFC 6902; merge-patch+json is RFC 7396; plain JSON is whichever its shape says. */
function patchFormat(request: FastifyRequest, body: unknown): 'merge' | 'json-patch' {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json-patch+json') return 'json-patch';
  if (type === 'application/merge-patch+json') {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new TesseraError('invalid_patch', 'a merge patch of a token is a JSON object');
    return 'merge';
  }
  return Array.isArray(body) ? 'json-patch' : 'merge';
}

const changeErrors = { ...authErrors, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema };

export function registerTokenChangeRoutes(app: FastifyInstance, deps: Deps): void {
  app.patch(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Update a token with a JSON Merge Patch (RFC 7396) or a JSON Patch (RFC 6902)',
        description:
          'Mutable: name, description, is_active, metadata, default_api_version; within the caller: role, scopes, ' +
          'expires_at, max_uses. Immutable fields are a 400, an invalid patch a 422, a failing test op a 409, a stale If-Match a 412.',
        params: IdParams,
        response: { 200: TokenSchema, ...changeErrors, 415: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (request.body === undefined) throw new TesseraError('invalid_patch', 'send a patch document');
      const token = await patchToken(deps, actorOf(request), (request.params as { id: string }).id, {
        format: patchFormat(request, request.body),
        document: request.body as Json,
        ifMatch: ifMatchOf(request),
      });
      return reply.header('etag', etagOf(token)).send(toPublicToken(token));
    },
  );

  const RotateQuery = Type.Object(
    {
      expiry: Type.Optional(
        Type.Integer({ minimum: 0, description: 'ms epoch until which the old secret still works' }),
      ),
    },
    { additionalProperties: false },
  );
  const RotateBody = Type.Union([
    Type.Object({ expiry: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
    Type.Null(),
  ]);
  for (const suffix of ['rotate', 'reset']) {
    app.post(
      `/v1/tokens/:id/${suffix}`,
      {
        schema: {
          tags: ['tokens'],
          summary:
            suffix === 'rotate'
              ? 'Rotate: a new secret for the same token, shown once; `expiry` keeps the old one working until then'
              : 'Alias of rotate (LaunchDarkly reset)',
          params: IdParams,
          querystring: RotateQuery,
          body: RotateBody,
          response: { 200: TokenWithSecretSchema, ...changeErrors },
        },
      },
      async (request, reply) => {
        const fromQuery = (request.query as { expiry?: number }).expiry;
        const fromBody = (request.body as { expiry?: number } | null | undefined)?.expiry;
        if (fromQuery !== undefined && fromBody !== undefined && fromQuery !== fromBody) {
          throw new TesseraError('invalid_request', 'expiry given twice with different values');
        }
        const issued = await rotateToken(deps, actorOf(request), (request.params as { id: string }).id, {
          expiryMs: fromQuery ?? fromBody,
          ifMatch: ifMatchOf(request),
        });
        reply.header('cache-control', 'no-store').header('etag', etagOf(issued.token));
        return withSecret(issued);
      },
    );
  }

  app.delete(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke the token making this request',
        response: { 204: Type.Null(), ...authErrors },
      },
    },
    async (request, reply) => {
      await revokeSelf(deps, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.delete(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token (idempotent; the record stays for audit)',
        params: IdParams,
        response: { 204: Type.Null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      await revokeToken(deps, actorOf(request), (request.params as { id: string }).id, ifMatchOf(request));
      return reply.status(204).send();
    },
  );
}
