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
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, noContent, problems, ref } from '../../schemas.js';
import {
  JsonPatchSchema,
  RotateQuery,
  RotateTokenRequestSchema,
  TokenMergePatchSchema,
  TokenParams,
  TokenSchema,
  TokenWithSecretSchema,
  withSecret,
} from '../../wire/tokens.js';

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

/**
 * PATCH has no body schema: the patch planner (core/token-patch.ts) is the one judge of a patch, so a
 * bad one is its 400, 409 or 422, never a validator's. The document still names the two shapes.
 */
const PATCH_BODY = {
  content: {
    'application/merge-patch+json': { schema: ref(TokenMergePatchSchema) },
    'application/json-patch+json': { schema: ref(JsonPatchSchema) },
    // Plain JSON is whichever its shape says: an object merges, an array is a JSON Patch.
    'application/json': { schema: { anyOf: [ref(TokenMergePatchSchema), ref(JsonPatchSchema)] } },
  },
};

const IF_MATCH =
  'With If-Match (the ETag a read or change answered), a token changed since is a 412 and nothing changes.';

export function registerTokenChangeRoutes(app: FastifyInstance, deps: Deps): void {
  app.patch(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'updateToken',
        summary: 'Change a token with a JSON Merge Patch (RFC 7396) or a JSON Patch (RFC 6902)',
        description:
          'Mutable: name, description, is_active, metadata, default_api_version; and, within the caller’s own permissions, ' +
          'role, scopes, policy, custom_roles, allowed_cidrs, rate_limit, max_uses, expires_at. Needs tokens:write. ' +
          'Changing another field is a 400 immutable_field (un-revoking: 409), an invalid patch document a 422, a failing test op a 409. ' +
          IF_MATCH,
        params: TokenParams,
        response: {
          200: answer(TokenSchema, 'Changed: the token as it is now, with its new ETag'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409, 412, 422),
        },
      },
      // The document shows the patch shapes; Fastify validates no body here (see PATCH_BODY).
      config: {
        swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: PATCH_BODY }, url }),
      },
    },
    async (request, reply) => {
      if (request.body === undefined) throw new TesseraError('invalid_patch', 'send a patch document');
      const token = await patchToken(deps, actorOf(request), (request.params as { id: string }).id, {
        format: patchFormat(request, request.body),
        document: request.body as Json,
        ifMatch: ifMatchOf(request),
      });
      return reply.header('etag', etagOf(token)).send(toPublicToken(token, deps.clock.nowMs()));
    },
  );

  // A missing body reaches the validator as null: rotate needs none.
  const RotateBody = Type.Union([ref(RotateTokenRequestSchema), Type.Null()]);
  const rotateDescription =
    'The token keeps its id and record. Without `expiry` the old secret stops now; with it (a Unix time in ms, in the query or the body) it works until then. ' +
    'Needs tokens:write, within the caller’s own permissions; a revoked token is a 409. ' +
    IF_MATCH;
  const rotations = [
    {
      suffix: 'rotate',
      operationId: 'rotateToken',
      summary: 'Rotate a token: a new secret, shown this once',
      description: rotateDescription,
    },
    {
      suffix: 'reset',
      operationId: 'resetToken',
      summary: 'Rotate a token (LaunchDarkly’s reset): a new secret, shown this once',
      description: `The same as rotateToken, under LaunchDarkly’s name. ${rotateDescription}`,
    },
  ];
  for (const { suffix, ...docs } of rotations) {
    app.post(
      `/v1/tokens/:id/${suffix}`,
      {
        schema: {
          tags: ['tokens'],
          ...docs,
          params: TokenParams,
          querystring: RotateQuery,
          body: RotateBody,
          response: {
            200: answer(TokenWithSecretSchema, 'Rotated: the token and its new secret, shown this once'),
            ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409, 412),
          },
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
        return withSecret(issued, deps.clock.nowMs());
      },
    );
  }

  app.delete(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'revokeSelfToken',
        summary: 'Revoke the token making this request',
        description: 'Every token may revoke itself, whatever its permissions. The record stays for audit.',
        response: { 204: noContent('Revoked'), ...problems(400, 401, 429, 503) },
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
        operationId: 'revokeToken',
        summary: 'Revoke a token',
        description:
          'Its secret stops at once on this instance, and on the others within the cache bound. Idempotent: revoking a revoked token is a 204 too. ' +
          'The record stays for audit. Needs tokens:write; every token may revoke itself. ' +
          IF_MATCH,
        params: TokenParams,
        response: {
          204: noContent('Revoked (or already revoked)'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404, 412),
        },
      },
    },
    async (request, reply) => {
      await revokeToken(deps, actorOf(request), (request.params as { id: string }).id, ifMatchOf(request));
      return reply.status(204).send();
    },
  );
}
