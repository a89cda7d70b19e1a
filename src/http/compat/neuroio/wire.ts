// NeuroIO's wire (@neuroio/rest-api 4.2.2 and Python neuroio 0.1.2): the Token (its integer id is the
// token's serial), and the flags its clients send as JSON booleans or as form text.
import { Type } from 'typebox';
import { formatNullableTimestamp, formatTimestamp } from '../../../core/time.js';
import type { TokenRecord } from '../../../core/token.js';
import { keyField } from '../dialect.js';

/** A flag as JSON (`true`) or as form or query text (`true`, Python's `True`). */
export const Flag = (description: string) =>
  Type.Union(
    [Type.Boolean(), Type.Union(['true', 'false', 'True', 'False'].map((text) => Type.Literal(text)))],
    {
      description,
    },
  );

export function flagValue(value: unknown): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return value === true || value === 'true' || value === 'True';
}

export const CreateBody = Type.Union([
  Type.Null(),
  Type.Object(
    { permanent: Type.Optional(Flag('true: no expiry (at most 5 per account); false or absent: 24 hours')) },
    { additionalProperties: false },
  ),
]);

export const UpdateBody = Type.Object(
  { is_active: Flag('false disables the token; true enables it again') },
  { additionalProperties: false, description: 'the one field a token update changes' },
);

/** `permanent` in a query: a flag, or empty for no filter. */
export const PermanentQuery = Type.Optional(
  Type.Union([Flag('only permanent (true) or temporary (false) tokens'), Type.Literal('')], {
    description: 'only permanent (true) or temporary (false) tokens; empty: all',
  }),
);

export const TokenSchema = Type.Object(
  {
    id: Type.Integer({ description: 'the token’s serial' }),
    key: Type.String({ description: 'the secret on create; ****+hint elsewhere' }),
    is_active: Type.Boolean({ description: 'false: disabled' }),
    created: Type.String({ description: 'when it was created' }),
    expires: Type.Union([Type.String(), Type.Null()], { description: 'when it expires; null: permanent' }),
  },
  { description: 'Token' },
);

export function vendorToken(token: TokenRecord, secret?: string) {
  return {
    id: token.serial,
    key: keyField(token, secret),
    is_active: token.isActive,
    created: formatTimestamp(token.createdAtMs),
    expires: formatNullableTimestamp(token.expiresAtMs),
  };
}
