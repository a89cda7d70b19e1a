// Stage: POST /v1/verify with the hot tokens, every one in Tessera's cache, in timed slices per server.
import { itemsFile, verifyBodies } from '../lib/items.js';
import { interleaved, load } from '../lib/measure.js';
import type { Server, TesseraServer } from '../lib/processes.js';
import type { SeededToken } from '../lib/seed.js';
import { CONNECTIONS, SLICE_SECONDS } from '../lib/settings.js';
import type { Aggregate } from '../lib/statistics.js';

/** Presents each hot token once, so the cache is as full as any running instance's would be. */
export async function warmCache(tessera: TesseraServer, hot: readonly SeededToken[]): Promise<void> {
  await load(tessera, {
    path: '/v1/verify',
    method: 'POST',
    connections: CONNECTIONS,
    amount: hot.length,
    itemsFile: itemsFile(verifyBodies(hot)),
  });
}

export async function measureVerifyHits(
  servers: readonly Server[],
  hot: readonly SeededToken[],
): Promise<Record<string, Aggregate>> {
  const file = itemsFile(verifyBodies(hot));
  return interleaved(servers, () => ({
    path: '/v1/verify',
    method: 'POST',
    connections: CONNECTIONS,
    durationSeconds: SLICE_SECONDS,
    itemsFile: file,
  }));
}
