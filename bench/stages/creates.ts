// Stage: POST /v1/tokens on SQLite for one timed slice, each body numbered so every token created gets
// a name of its own, as real creates would.
import { itemsFile } from '../lib/items.js';
import { load, type Measured } from '../lib/measure.js';
import type { TesseraServer } from '../lib/processes.js';
import { CONNECTIONS, SLICE_SECONDS } from '../lib/settings.js';
import { ownerAuth } from '../lib/tessera-api.js';

export function measureCreates(tessera: TesseraServer): Promise<Measured> {
  return load(tessera, {
    path: '/v1/tokens',
    method: 'POST',
    connections: CONNECTIONS,
    durationSeconds: SLICE_SECONDS,
    itemsFile: itemsFile([JSON.stringify({ name: 'bench-create-{{n}}', ttl: 3600 })]),
    headers: ownerAuth(tessera),
    numbered: true,
  });
}
