// npm run generate:client — writes packages/client/src/generated/openapi.ts from the current server's
// OpenAPI document. `--check` only compares, exiting 1 when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/http/openapi-document.js';
import { generateClientTypes } from './client-types.js';

export const GENERATED_TYPES_PATH = new URL('../packages/client/src/generated/openapi.ts', import.meta.url);

const generated = generateClientTypes(await openApiDocument());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(GENERATED_TYPES_PATH, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== generated) {
    console.error('packages/client/src/generated/openapi.ts is stale: run npm run generate:client');
    process.exit(1);
  }
  console.log('packages/client/src/generated/openapi.ts is up to date');
} else {
  writeFileSync(GENERATED_TYPES_PATH, generated);
  console.log(`wrote packages/client/src/generated/openapi.ts (${generated.length} bytes)`);
}
