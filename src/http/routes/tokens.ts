// /v1/tokens: create (idempotently), read one, read the calling token, and look one up by secret.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../core/errors.js';
import { etagOf, MAX_DEFAULT_API_VERSION, toPublicToken } from '../../core/token.js';
import type { Deps } from '../../services/deps.js';
import { KEY_PATTERN } from '../../services/named-objects.js';
import { getToken, lookupTokenBySecret } from '../../services/token-access.js';
import { type CreateTokenInput, createToken, type IssuedToken } from '../../services/tokens.js';
import { actorOf } from '../auth.js';
import {
  authErrors,
  IdParams,
  MetadataSchema,
  ProblemSchema,
  RoleSchema,
  ScopeSchema,
  TokenSchema,
  TokenWithSecretSchema,
} from '../schemas.js';

const CreateTokenBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    type: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('session')])),
    lifetime: Type.Optional(Type.Union([Type.Literal('temporary'), Type.Literal('permanent')])),
    ttl: Type.Optional(Type.Integer({ minimum: 1, maximum: 315_360_000, description: 'whole seconds' })),
    expires_at: Type.Optional(Type.String({ maxLength: 64, description: 'RFC 3339' })),
    not_before: Type.Optional(Type.String({ maxLength: 64, description: 'RFC 3339' })),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 50 })),
    metadata: Type.Optional(MetadataSchema),
    max_uses: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'each valid verification uses one' }),
    ),
    default_api_version: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DEFAULT_API_VERSION })),
    kind: Type.Optional(
      Type.Union([Type.Literal('account'), Type.Literal('space'), Type.Literal('manager')], {
        description:
          'account: the whole tenant; space: one space; manager: the token and member API only (NeuroIO)',
      }),
    ),
    space: Type.Optional(Type.String({ pattern: KEY_PATTERN, description: 'the space key, for kind space' })),
    policy: Type.Optional(
      Type.Array(Type.Unknown(), {
        maxItems: 50,
        description:
          'statements {effect, actions | not_actions, resources | not_resources} with * globs; a deny wins',
      }),
    ),
    custom_roles: Type.Optional(Type.Array(Type.String({ pattern: KEY_PATTERN }), { maxItems: 20 })),
    rate_limit: Type.Optional(
      Type.Object(
        {
          limit: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          window_seconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
        },
        {
          additionalProperties: false,
          description: 'at most `limit` verifications per window; more are rate_limited (429 on this API)',
        },
      ),
    ),
    allowed_cidrs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    service: Type.Optional(
      Type.Boolean({
        description:
          'a service token belongs to the tenant, not a member (admins; LaunchDarkly serviceToken)',
      }),
    ),
  },
  { additionalProperties: false },
);

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function withSecret(issued: IssuedToken) {
  return { ...toPublicToken(issued.token), secret: issued.secret };
}

export function registerTokenRoutes(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create a token; the answer carries its secret, shown this once',
        description:
          'With an Idempotency-Key header, repeating the same request (within 24 h) answers 200 with the same token, ' +
          'the header Idempotent-Replayed: true, and no secret; the same key with another body is a 409.',
        body: CreateTokenBody,
        response: { 200: TokenSchema, 201: TokenWithSecretSchema, ...authErrors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const idempotencyKey = request.headers['idempotency-key'];
      if (
        idempotencyKey !== undefined &&
        (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))
      ) {
        throw new TesseraError(
          'invalid_request',
          'Idempotency-Key must be 1 to 255 visible ASCII characters',
        );
      }
      const result = await createToken(deps, actorOf(request), request.body as CreateTokenInput, {
        idempotencyKey,
      });
      reply.header('cache-control', 'no-store');
      if (result.replayed) {
        return reply
          .status(200)
          .header('idempotent-replayed', 'true')
          .header('etag', etagOf(result.token))
          .send(toPublicToken(result.token));
      }
      return reply.status(201).header('etag', etagOf(result.issued.token)).send(withSecret(result.issued));
    },
  );

  app.get(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        summary: 'The token making this request',
        response: { 200: TokenSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // The actor's record may come from the verify cache; last use, uses left and revision are read fresh.
      const token = (await deps.store.findToken(actor.tenantId, actor.token.id)) ?? actor.token;
      return reply.header('etag', etagOf(token)).send(toPublicToken(token));
    },
  );

  app.post(
    '/v1/tokens/lookup',
    {
      config: { acceptsSecrets: true },
      schema: {
        tags: ['tokens'],
        summary:
          'Find a token by its secret (NeuroIO get by key); the secret travels in the body, never a URL',
        body: Type.Object({ secret: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: TokenSchema, ...authErrors, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const token = await lookupTokenBySecret(
        deps,
        actorOf(request),
        (request.body as { secret: string }).secret,
      );
      return reply.header('etag', etagOf(token)).send(toPublicToken(token));
    },
  );

  app.get(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Read one token',
        params: IdParams,
        response: { 200: TokenSchema, ...authErrors, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const token = await getToken(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.header('etag', etagOf(token)).send(toPublicToken(token));
    },
  );
}
