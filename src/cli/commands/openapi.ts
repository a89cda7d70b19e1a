// `tessera openapi`: print the server's OpenAPI 3.1 document (what GET /openapi.json answers) as JSON.
// Local: it builds the server over a throwaway database and opens no port.
import { openApiDocument } from '../../http/openapi-document.js';

export async function printOpenApi(): Promise<void> {
  process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}
