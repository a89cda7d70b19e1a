// Stage: a flood of tokens with a broken checksum, which must be refused before any store query;
// the count comes from Tessera's own query metric, read before and after.
import { BACKGROUND_OPERATIONS } from '../../src/store/decorators/query-counting.js';
import { itemsFile } from '../lib/items.js';
import { load } from '../lib/measure.js';
import type { TesseraServer } from '../lib/processes.js';
import type { FloodResult } from '../lib/results.js';
import type { SeededToken } from '../lib/seed.js';
import { CONNECTIONS, SLICE_SECONDS } from '../lib/settings.js';
import { metricTotal } from '../lib/tessera-api.js';

/** Queries Tessera makes on its own schedule, whatever the load: not the flood's. */
const BOOKKEEPING = BACKGROUND_OPERATIONS.map((operation) => `operation="${operation}"`);
const QUERIES_METRIC = 'tessera_store_queries_total';

export async function measureBadChecksumFlood(
  tessera: TesseraServer,
  hot: readonly SeededToken[],
): Promise<FloodResult> {
  const queriesBefore = await metricTotal(tessera, QUERIES_METRIC, BOOKKEEPING);
  // Real tokens with their last character changed: well-formed, but the checksum no longer matches.
  const badBodies = hot.slice(0, 100).map((token) => {
    const last = token.secret.at(-1) === 'A' ? 'B' : 'A';
    return JSON.stringify({ token: `${token.secret.slice(0, -1)}${last}` });
  });
  const flood = await load(tessera, {
    path: '/v1/verify',
    method: 'POST',
    connections: CONNECTIONS,
    durationSeconds: SLICE_SECONDS,
    itemsFile: itemsFile(badBodies),
  });
  const storeQueries = (await metricTotal(tessera, QUERIES_METRIC, BOOKKEEPING)) - queriesBefore;
  return { ...flood, storeQueries };
}
