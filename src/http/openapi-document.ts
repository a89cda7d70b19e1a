// The OpenAPI document without a listening server: for the SDK's type generator and `tessera openapi`.
// The server is built as `serve` builds it, over throwaway dependencies (an empty SQLite database in a
// temporary directory, a silent logger), so the document is exactly what GET /openapi.json answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { prepareDeps } from '../main.js';
import { buildServer } from './build-server.js';

/** The OpenAPI 3.1 document as plain JSON data. Opens no port and leaves nothing behind. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-openapi-'));
  const logger = createLogger('silent');
  try {
    // Only the data directory: nothing of this process's environment (DATABASE_URL, REDIS_URL…) applies.
    const { deps } = await prepareDeps(parseConfig({ TESSERA_DATA_DIR: dataDir }), { logger });
    try {
      const app = await buildServer(deps, logger);
      try {
        await app.ready();
        return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
      } finally {
        await app.close();
      }
    } finally {
      await deps.close();
      await deps.store.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
