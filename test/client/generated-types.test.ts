// The SDK's types are generated from the server's OpenAPI document: this fails when a route schema
// changed and `npm run generate:client` was not run, so the SDK can never drift from the server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClientTypes, typeOf } from '../../scripts/client-types.js';
import { openApiDocument } from '../../src/http/openapi-document.js';

const GENERATED = new URL('../../packages/client/src/generated/openapi.ts', import.meta.url);

describe('generated SDK types', () => {
  it('packages/client/src/generated/openapi.ts is exactly what the current server document produces', async () => {
    const expected = generateClientTypes(await openApiDocument());
    const actual = readFileSync(GENERATED, 'utf8');
    // A plain equality would print two 60 KB strings; say which line differs first.
    const expectedLines = expected.split('\n');
    const actualLines = actual.split('\n');
    const firstDifference = expectedLines.findIndex((line, index) => line !== actualLines[index]);
    expect(
      firstDifference === -1 && expectedLines.length === actualLines.length
        ? null
        : `line ${firstDifference + 1}: expected ${JSON.stringify(expectedLines[firstDifference])}, found ${JSON.stringify(actualLines[firstDifference])}; run npm run generate:client`,
    ).toBeNull();
  });

  it('every operation and named schema of the document appears in the generated module', async () => {
    const document = (await openApiDocument()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    const generated = generateClientTypes(document);
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(30);
    for (const operation of operations) expect(generated).toContain(`  ${operation.operationId}: {\n`);
    for (const name of Object.keys(document.components.schemas))
      expect(generated).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
  });

  it('maps JSON Schema to TypeScript: nullable type lists, enums, refs, arrays, open and closed objects', () => {
    const cases: [unknown, string][] = [
      [{ type: ['string', 'null'] }, 'string | null'],
      [{ type: ['string', 'null'], enum: ['a', 'b', null] }, '"a" | "b" | null'],
      [{ $ref: '#/components/schemas/Token' }, 'Token'],
      [{ type: 'array', items: { type: ['integer', 'null'] } }, '(number | null)[]'],
      [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'string | number'],
      [{ type: 'object', additionalProperties: { type: 'string' } }, '{\n  [key: string]: string;\n}'],
      [{ type: 'object', properties: {}, additionalProperties: false }, 'Record<string, never>'],
      [{ type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] }, '{\n  a: boolean;\n}'],
      [{ type: 'object', properties: { 'x-y': { type: 'string' } } }, '{\n  "x-y"?: string;\n}'],
      [{}, 'unknown'],
    ];
    for (const [schema, expected] of cases) expect(typeOf(schema)).toBe(expected);
    expect(() => typeOf({ $ref: 'https://elsewhere/x' })).toThrow(/unsupported/);
  });
});
