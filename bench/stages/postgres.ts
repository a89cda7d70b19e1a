// Stage: Tessera on the machine's PostgreSQL, in a database of its own. Tokens seeded through the
// Store port (as on SQLite, in transactions of many), then POST /v1/verify with each token presented
// once (every request a cache miss, taking turns with the bare server for a ratio), then creates.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseServerKeyRing, type ServerKeyRing } from '../../src/core/server-key.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { log } from '../lib/log.js';
import { createBenchDatabase, dropBenchDatabase } from '../lib/postgres.js';
import {
  type Server,
  startTessera,
  TESSERA_POSTGRES_LOG,
  type TesseraServer,
  tesseraLogTail,
} from '../lib/processes.js';
import type { PostgresResult } from '../lib/results.js';
import { type SeededToken, seedTokens } from '../lib/seed.js';
import { MISS_PER_SLICE, MISS_ROUNDS, POSTGRES_COUNT } from '../lib/settings.js';
import { readOwner } from '../lib/tessera-api.js';
import { WORK } from '../lib/workspace.js';
import { measureCreates } from './creates.js';
import { measureVerifyMisses } from './verify-misses.js';

export async function measurePostgres(bare: Server): Promise<PostgresResult> {
  const secretKey = `0:${randomBytes(32).toString('base64url')}`;
  const keys = parseServerKeyRing(secretKey) as ServerKeyRing;
  const url = await createBenchDatabase();
  let tessera: TesseraServer | undefined;
  try {
    tessera = await startTessera(
      join(WORK, 'data-postgres'),
      secretKey,
      { DATABASE_URL: url },
      TESSERA_POSTGRES_LOG,
    );
    const owner = await readOwner(tessera);
    const perSlice = Math.min(MISS_PER_SLICE, Math.floor(POSTGRES_COUNT / MISS_ROUNDS));
    const seededAt = Date.now();
    const store = openPostgresStore({ url });
    let fresh: SeededToken[];
    try {
      fresh = await seedTokens(store, keys, {
        ...owner,
        count: POSTGRES_COUNT,
        keep: perSlice * MISS_ROUNDS,
        firstIndex: 0,
        nowMs: Date.now(),
      });
    } finally {
      await store.close();
    }
    const seedSeconds = (Date.now() - seededAt) / 1000;
    log(`seeded ${POSTGRES_COUNT.toLocaleString()} tokens on PostgreSQL in ${seedSeconds.toFixed(1)} s`);
    log(`verify on PostgreSQL, cache misses, ${MISS_ROUNDS} rounds of ${perSlice.toLocaleString()}`);
    const misses = await measureVerifyMisses([bare, tessera], fresh, perSlice);
    log('POST /v1/tokens on PostgreSQL');
    const creates = await measureCreates(tessera);
    return { tokens: POSTGRES_COUNT, seedSeconds, perSlice, misses, creates };
  } catch (error) {
    process.stderr.write(
      `Tessera (PostgreSQL)'s last log lines:\n${tesseraLogTail(15, TESSERA_POSTGRES_LOG)}\n`,
    );
    throw error;
  } finally {
    // The database can be dropped only once the server's connections are gone.
    const child = tessera?.process;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await dropBenchDatabase();
  }
}
