// Schema validators compiled at boot. Query strings arrive as text, so their validator coerces
// ("5" → 5, "true" → true); bodies are JSON with real types, so theirs never coerces: `{"token": 1}`
// is a 400, not the string "1". Neither strips unknown fields: an unknown field is an error.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with `exports.default`; under NodeNext its callable arrives one level down.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const shared: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...shared, coerceTypes });
  addFormats(ajv);
  return ajv;
}

export function makeValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const coercing = makeAjv('array');
  const strict = makeAjv(false);
  return ({ schema, httpPart }) => {
    const ajv =
      httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers' ? coercing : strict;
    return ajv.compile(schema as object);
  };
}
