// The SDK's types, generated from the server's OpenAPI document: one interface per named schema, a
// query type per operation that takes query parameters, and an `Operations` map from operationId to
// method, path, parameters, bodies and answers. Pure: document in, TypeScript source out.

type Schema = Record<string, unknown>;

export const GENERATED_BANNER =
  "// Generated from the server's /openapi.json by scripts/generate-client-types.ts. Do not edit:\n" +
  '// run `npm run generate:client` after changing a route schema (a test fails until you do).\n';

const REF_PREFIX = '#/components/schemas/';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function comment(text: unknown, indent: string): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const lines = text.replace(/\*\//g, '*\\/').trim().split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON Schema as a TypeScript type, nested at `indent`. */
export function typeOf(schema: unknown, indent = ''): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    if (!s.$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${s.$ref}`);
    return s.$ref.slice(REF_PREFIX.length);
  }
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return s.enum.map(literal).join(' | ');
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) return union((s[key] as unknown[]).map((item) => typeOf(item, indent)));
  }
  if (Array.isArray(s.allOf))
    return (s.allOf as unknown[]).map((item) => wrap(typeOf(item, indent))).join(' & ');
  if (Array.isArray(s.type)) {
    return union((s.type as string[]).map((type) => typeOf({ ...s, type }, indent)));
  }
  switch (s.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(typeOf(s.items, indent))}[]`;
    case 'object':
      return objectType(s, indent);
    default:
      return s.properties === undefined ? 'unknown' : objectType(s, indent);
  }
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.length === 1 ? unique[0]! : unique.map(wrap).join(' | ');
}

function wrap(type: string): string {
  return /^[A-Za-z0-9_$"[\]]+$/.test(type) || type.startsWith('{') ? type : `(${type})`;
}

function objectType(s: Schema, indent: string): string {
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(
    ([name, property]) =>
      `${comment(property.description, inner)}${inner}${propertyName(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};\n`,
  );
  const extra = s.additionalProperties;
  if (extra !== undefined && extra !== false) {
    const valueType = Object.keys(properties).length > 0 ? 'unknown' : typeOf(extra, inner);
    lines.push(`${inner}[key: string]: ${valueType};\n`);
  }
  if (lines.length === 0) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('')}${indent}}`;
}

function declaration(name: string, schema: Schema): string {
  const type = typeOf(schema);
  const doc = comment(schema.description, '');
  return type.startsWith('{')
    ? `${doc}export interface ${name} ${type}\n`
    : `${doc}export type ${name} = ${type};\n`;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: Schema;
}

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { schema?: Schema }> };
  readonly responses?: Record<
    string,
    { readonly description?: string; readonly content?: Record<string, { schema?: Schema }> }
  >;
}

function parametersType(parameters: readonly Parameter[], where: string, indent: string): string {
  const chosen = parameters.filter((parameter) => parameter.in === where);
  if (chosen.length === 0) return 'Record<string, never>';
  const inner = `${indent}  `;
  const lines = chosen.map(
    (parameter) =>
      `${comment(parameter.description ?? parameter.schema?.description, inner)}${inner}${propertyName(parameter.name)}${parameter.required ? '' : '?'}: ${typeOf(parameter.schema, inner)};\n`,
  );
  return `{\n${lines.join('')}${indent}}`;
}

function contentMap(content: Record<string, { schema?: Schema }> | undefined, indent: string): string {
  const entries = Object.entries(content ?? {});
  if (entries.length === 0) return 'never';
  const inner = `${indent}  `;
  return `{\n${entries.map(([type, media]) => `${inner}${literal(type)}: ${typeOf(media.schema, inner)};\n`).join('')}${indent}}`;
}

/** The generated module for a document. */
export function generateClientTypes(document: Record<string, unknown>): string {
  const components = ((document.components as Schema | undefined)?.schemas ?? {}) as Record<string, Schema>;
  const out: string[] = [GENERATED_BANNER, '/* eslint-disable */\n'];
  for (const name of Object.keys(components).sort()) out.push(`\n${declaration(name, components[name]!)}`);

  const operations: string[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = operation.operationId;
      if (id === undefined) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = operation.parameters ?? [];
      if (parameters.some((parameter) => parameter.in === 'query'))
        out.push(
          `\n${comment(`Query parameters of ${id}.`, '')}export interface ${pascal(id)}Query ${parametersType(parameters, 'query', '')}\n`,
        );
      const responses = Object.entries(operation.responses ?? {})
        .map(([status, response]) => `      ${status}: ${contentFor(response.content)};\n`)
        .join('');
      operations.push(
        `${comment([operation.summary, operation.description].filter(Boolean).join('\n\n'), '  ')}` +
          `  ${id}: {\n` +
          `    method: ${literal(method.toUpperCase())};\n` +
          `    path: ${literal(path)};\n` +
          `    pathParams: ${parametersType(parameters, 'path', '    ')};\n` +
          `    query: ${parameters.some((parameter) => parameter.in === 'query') ? `${pascal(id)}Query` : 'Record<string, never>'};\n` +
          `    body: ${contentMap(operation.requestBody?.content, '    ')};\n` +
          `    responses: {\n${responses}    };\n` +
          '  };\n',
      );
    }
  }
  out.push(
    `\n/** Every operation of the API by its operationId. */\nexport interface Operations {\n${operations.join('')}}\n`,
  );
  return out.join('');
}

function contentFor(content: Record<string, { schema?: Schema }> | undefined): string {
  const schemas = Object.values(content ?? {}).map((media) => typeOf(media.schema, '      '));
  return schemas.length === 0 ? 'void' : union(schemas);
}
