// /v1/tokens: create (idempotently), read one, read the calling token, and look one up by secret.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../../../core/errors.js';
import { SECRET_IN_TEXT } from '../../../core/secret.js';
import { etagOf, toPublicToken } from '../../../core/token.js';
import type { Deps } from '../../../services/deps.js';
import { getToken, lookupTokenBySecret, readSelf } from '../../../services/tokens/access.js';
import { createToken } from '../../../services/tokens/create.js';
import { actorOf } from '../../auth.js';
import { authErrors, IdParams, ProblemSchema, TokenSchema, TokenWithSecretSchema } from '../../schemas.js';
import { CreateTokenBody, type CreateTokenWire, createCommandOf, withSecret } from '../../wire/tokens.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function registerTokenCreateAndReadRoutes(app: FastifyInstance, deps: Deps): void {
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
      // The key is stored as given: a secret pasted into it would sit at rest unhashed.
      if (idempotencyKey !== undefined && SECRET_IN_TEXT.test(idempotencyKey)) {
        throw new TesseraError(
          'secret_in_field',
          'the Idempotency-Key header holds what looks like a Tessera secret',
        );
      }
      const command = createCommandOf(request.body as CreateTokenWire);
      const result = await createToken(deps, actorOf(request), command, { idempotencyKey });
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
      const token = await readSelf(deps, actorOf(request));
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
