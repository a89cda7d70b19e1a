// /v1/tokens: create (idempotently), read one, read the calling token, and look one up by secret.
import type { FastifyInstance } from 'fastify';
import { TesseraError } from '../../../core/errors.js';
import { SECRET_IN_TEXT } from '../../../core/secret.js';
import { etagOf, toPublicToken } from '../../../core/token.js';
import type { Deps } from '../../../services/deps.js';
import { getToken, lookupTokenBySecret, readSelf } from '../../../services/tokens/access.js';
import { createToken } from '../../../services/tokens/create.js';
import { actorOf } from '../../auth.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, problems, ref } from '../../schemas.js';
import {
  CreateTokenRequestSchema,
  type CreateTokenWire,
  createCommandOf,
  LookupTokenRequestSchema,
  TokenParams,
  TokenSchema,
  TokenWithSecretSchema,
  withSecret,
} from '../../wire/tokens.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export function registerTokenCreateAndReadRoutes(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'createToken',
        summary: 'Create a token; the answer carries its secret, shown this once',
        description:
          'A token never gets more than the calling token has: wider permissions, a longer lifetime or a wider kind are a 403. ' +
          'Needs tokens:write; the owner’s permanent tokens are capped (409 permanent_token_cap_reached). ' +
          'With an Idempotency-Key header, repeating the same request (within 24 h) answers 200 with the same token, ' +
          'the header Idempotent-Replayed: true, and no secret; the same key with another body is a 409.',
        body: ref(CreateTokenRequestSchema),
        response: {
          200: answer(
            TokenSchema,
            'A replay of an earlier create (same Idempotency-Key and body): the token, without its secret',
          ),
          201: answer(TokenWithSecretSchema, 'Created: the token and its secret, shown this once'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 409),
        },
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
          .send(toPublicToken(result.token, deps.clock.nowMs()));
      }
      return reply
        .status(201)
        .header('etag', etagOf(result.issued.token))
        .send(withSecret(result.issued, deps.clock.nowMs()));
    },
  );

  app.get(
    '/v1/tokens/self',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'getSelfToken',
        summary: 'Read the token making this request',
        description: 'Every token may read itself, whatever its permissions. Answers an ETag for If-Match.',
        response: {
          200: answer(TokenSchema, 'The calling token'),
          ...problems(400, 401, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const token = readSelf(actorOf(request));
      return reply.header('etag', etagOf(token)).send(toPublicToken(token, deps.clock.nowMs()));
    },
  );

  app.post(
    '/v1/tokens/lookup',
    {
      config: { acceptsSecrets: true },
      schema: {
        tags: ['tokens'],
        operationId: 'lookupToken',
        summary: 'Find a token by its secret',
        description:
          'NeuroIO’s get by key. The secret travels in the body, never in a URL. Needs tokens:read on the token found; ' +
          'an unknown secret, or one of another tenant, is a 404.',
        body: ref(LookupTokenRequestSchema),
        response: {
          200: answer(TokenSchema, 'The token the secret belongs to'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404),
        },
      },
    },
    async (request, reply) => {
      const token = await lookupTokenBySecret(
        deps,
        actorOf(request),
        (request.body as { secret: string }).secret,
      );
      return reply.header('etag', etagOf(token)).send(toPublicToken(token, deps.clock.nowMs()));
    },
  );

  app.get(
    '/v1/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        operationId: 'getToken',
        summary: 'Read one token',
        description:
          'Needs tokens:read; another member’s token needs admin or owner. A token of another tenant is a 404. Answers an ETag for If-Match.',
        params: TokenParams,
        response: {
          200: answer(TokenSchema, 'The token'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request, reply) => {
      const token = await getToken(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.header('etag', etagOf(token)).send(toPublicToken(token, deps.clock.nowMs()));
    },
  );
}
