// Stage: POST /v1/verify with each token presented once, so every Tessera request is a cache miss
// (one indexed read); a fixed number of requests per slice rather than a fixed time.
import { itemsFile, verifyBodies } from '../lib/items.js';
import { interleaved } from '../lib/measure.js';
import type { Server } from '../lib/processes.js';
import type { SeededToken } from '../lib/seed.js';
import { CONNECTIONS, MISS_ROUNDS } from '../lib/settings.js';
import type { Aggregate } from '../lib/statistics.js';

export async function measureVerifyMisses(
  servers: readonly Server[],
  fresh: readonly SeededToken[],
  perSlice: number,
): Promise<Record<string, Aggregate>> {
  // One set of never-seen tokens per round: a round's tokens are in the cache once it has run.
  const files = Array.from({ length: MISS_ROUNDS }, (_, round) =>
    itemsFile(verifyBodies(fresh.slice(round * perSlice, (round + 1) * perSlice))),
  );
  return interleaved(
    servers,
    (_server, round) => ({
      path: '/v1/verify',
      method: 'POST',
      connections: CONNECTIONS,
      amount: perSlice,
      itemsFile: files[round]!,
    }),
    MISS_ROUNDS,
  );
}
