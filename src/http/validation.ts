// Schema validators compiled at boot. Query strings arrive as text, so their validator coerces
// ("5" → 5, "true" → true); bodies are JSON with real types, so theirs never coerces: `{"token": 1}`
// is a 400, not the string "1". Neither strips unknown fields: an unknown field is an error. Both know
// the shared schemas (wire/catalogue.ts), so a route's `$ref: "CreateTokenRequest"` resolves at boot.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

// ajv-formats is CommonJS with `exports.default`; under NodeNext its callable arrives one level down.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const shared: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

function makeAjv(coerceTypes: Options['coerceTypes'], sharedSchemas: readonly object[]): Ajv {
  const ajv = new Ajv({ ...shared, coerceTypes });
  addFormats(ajv);
  for (const schema of sharedSchemas) ajv.addSchema(schema);
  return ajv;
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`: called with the schemas added with
 * `app.addSchema` (by their $id) when the routes are compiled.
 */
export function makeValidatorCompiler(
  sharedSchemas: Readonly<Record<string, unknown>> = {},
): FastifySchemaCompiler<FastifySchema> {
  const schemas = Object.values(sharedSchemas) as object[];
  const coercing = makeAjv('array', schemas);
  const strict = makeAjv(false, schemas);
  return ({ schema, httpPart }) => {
    const ajv =
      httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers' ? coercing : strict;
    // A shared schema used whole is the one already added, not a second schema with the same $id.
    const id = (schema as { $id?: unknown }).$id;
    const added = typeof id === 'string' ? ajv.getSchema(id) : undefined;
    return added ?? ajv.compile(schema as object);
  };
}

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];
/**
 * makeValidatorCompiler as Fastify's option. Fastify calls the compiler it returns with the route
 * definition ({schema, httpPart, …}); its type for the option describes Ajv's compile instead.
 */
export const buildValidator = makeValidatorCompiler as unknown as ValidatorFactory;
