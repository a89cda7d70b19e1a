// POST /v1/tokens/import: bring existing keys of another system, so their clients keep working.
import type { FastifyInstance } from 'fastify';
import { toPublicToken } from '../../../core/token.js';
import type { Deps } from '../../../services/deps.js';
import { importTokens } from '../../../services/tokens/import.js';
import { actorOf } from '../../auth.js';
import { problemBody } from '../../problem.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, problems, ref } from '../../schemas.js';
import {
  ImportTokensAnswerSchema,
  ImportTokensRequestSchema,
  type ImportTokensWire,
} from '../../wire/imports.js';
import { createCommandOf } from '../../wire/tokens.js';

/** 1,000 items of create fields with their secrets need more room than the API's usual 64 KiB. */
export const IMPORT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export function registerTokenImportRoute(app: FastifyInstance, deps: Deps): void {
  app.post(
    '/v1/tokens/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      // The items carry the secrets they keep; the service checks every other field of each item.
      config: { acceptsSecrets: true },
      schema: {
        tags: ['tokens'],
        operationId: 'importTokens',
        summary: 'Import tokens of another system with their existing secrets',
        description:
          'Needs tokens:import (admins and owners). Each item is a create body plus exactly one of `secret` (starting with one of TESSERA_IMPORT_PREFIXES, ' +
          'at least 20 characters; stored as HMAC) and `secret_sha256` (kept until the secret is first presented, then re-hashed and dropped). ' +
          'Each item is imported on its own: the answer holds one result per item, 201 with the token or the problem that stored nothing ' +
          '(a weak or unprefixed secret is a 400, one already stored a 409). Imported tokens verify on every door and stay outside the permanent-token cap. ' +
          'The body may be up to 4 MiB.',
        body: ref(ImportTokensRequestSchema),
        response: {
          200: answer(ImportTokensAnswerSchema, 'One result per item, in order'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS),
        },
      },
    },
    async (request) => {
      const { tokens } = request.body as ImportTokensWire;
      const results = await importTokens(
        deps,
        actorOf(request),
        tokens.map(({ secret, secret_sha256, ...create }) => ({
          secret,
          secretSha256: secret_sha256,
          command: () => createCommandOf(create),
        })),
      );
      let imported = 0;
      const data = results.map((result, index) => {
        if (result.ok) {
          imported++;
          return {
            index,
            status: 201,
            token: toPublicToken(result.token, deps.clock.nowMs()),
            problem: null,
          };
        }
        return {
          index,
          status: result.error.status,
          token: null,
          problem: problemBody(result.error, request.id),
        };
      });
      return { data, imported, failed: results.length - imported };
    },
  );
}
