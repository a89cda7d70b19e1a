// The import's wire: a batch of create bodies, each with the secret it keeps, and one result per item.
import { type Static, Type } from 'typebox';
import { PRESENTED_SECRET_MAX_LENGTH } from '../../core/imported-secret.js';
import { MAX_IMPORT_ITEMS } from '../../services/tokens/import.js';
import { Nullable, named, ProblemSchema, ref } from '../schemas.js';
import { CreateTokenRequestSchema, TokenSchema } from './tokens.js';

export const ImportTokenItemSchema = named(
  'ImportTokenItem',
  'A token to import: any create field, and exactly one of secret and secret_sha256. Imported tokens are api tokens, carry `imported: true`, and stay outside the permanent-token cap.',
  Type.Object(
    {
      ...CreateTokenRequestSchema.properties,
      secret: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: PRESENTED_SECRET_MAX_LENGTH,
          description:
            'the existing secret: it must start with one of TESSERA_IMPORT_PREFIXES and be at least 20 characters; stored as HMAC, like every secret',
        }),
      ),
      secret_sha256: Type.Optional(
        Type.String({
          minLength: 64,
          maxLength: 64,
          description:
            'the hex SHA-256 of the existing secret, for systems that kept only that: kept until the secret is first presented, then re-hashed to HMAC and dropped',
        }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const ImportTokensRequestSchema = named(
  'ImportTokensRequest',
  `Tokens of another system to import, at most ${MAX_IMPORT_ITEMS} a request (the CLI's token import streams more).`,
  Type.Object(
    {
      tokens: Type.Array(ref(ImportTokenItemSchema), {
        minItems: 1,
        maxItems: MAX_IMPORT_ITEMS,
        description: 'the tokens, each imported on its own',
      }),
    },
    { additionalProperties: false },
  ),
);

export type ImportTokensWire = Static<typeof ImportTokensRequestSchema>;

export const ImportResultSchema = named(
  'ImportResult',
  'What became of one item: 201 and the token (without its secret: it is the importer’s own), or the problem that stored nothing.',
  Type.Object({
    index: Type.Integer({ description: 'the item’s position in the request, from 0' }),
    status: Type.Integer({ description: '201 when imported; else the status of `problem`' }),
    token: { ...Nullable(ref(TokenSchema)), description: 'the imported token (201), or null' },
    problem: { ...Nullable(ref(ProblemSchema)), description: 'why the item stored nothing, or null (201)' },
  }),
);

export const ImportTokensAnswerSchema = named(
  'ImportTokensAnswer',
  'One result per item, in the order given.',
  Type.Object({
    data: Type.Array(ref(ImportResultSchema), { description: 'one result per item, in the order given' }),
    imported: Type.Integer({ description: 'how many items were imported' }),
    failed: Type.Integer({ description: 'how many items stored nothing' }),
  }),
);

export const IMPORT_WIRE = [
  ImportTokenItemSchema,
  ImportTokensRequestSchema,
  ImportResultSchema,
  ImportTokensAnswerSchema,
] as const;
