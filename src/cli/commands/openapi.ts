// `tessera openapi`: print the server's OpenAPI 3.1 document (what GET /openapi.json answers) as JSON.
// Local: it builds the server over a throwaway database and opens no port.
import type { Command } from 'commander';
import { openApiDocument } from '../../http/openapi-document.js';

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description("print the server's OpenAPI 3.1 document as JSON, without starting a server")
    .action(async () => {
      process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
    });
}
