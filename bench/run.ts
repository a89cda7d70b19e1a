// `npm run bench`: Tessera's verification beside a bare node:http server and an "ideal" verifier, in
// one run on this machine, as ratios (a shared machine's absolute numbers mean little). Servers take
// turns in short slices, round after round, so machine noise hits all of them alike. Load comes from a
// separate autocannon process; each server's CPU time per request is read from /proc.
// This file is the order of the run; the stages are in bench/stages/, what they share in bench/lib/.
// Results: bench/results/<date>.json and the table in docs/performance.md.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseServerKeyRing, type ServerKeyRing } from '../src/core/server-key.js';
import { log, secondsSinceStart } from './lib/log.js';
import { rssMiB } from './lib/process-stats.js';
import { type Server, startBare, startIdeal, startTessera, tesseraLogTail } from './lib/processes.js';
import { report } from './lib/report.js';
import type { Results } from './lib/results.js';
import { seedSqlite } from './lib/seed.js';
import {
  CONNECTIONS,
  HOT_TOKENS,
  LARGE_COUNT,
  MISS_PER_SLICE,
  MISS_ROUNDS,
  ROUNDS,
  SLICE_SECONDS,
  SMALL_COUNT,
} from './lib/settings.js';
import { readOwner } from './lib/tessera-api.js';
import { removeWorkspace, WORK } from './lib/workspace.js';
import { measureBadChecksumFlood } from './stages/bad-checksum-flood.js';
import { measureCreates } from './stages/creates.js';
import { measureInProcess } from './stages/in-process.js';
import { measureKeysetPages } from './stages/keyset-pages.js';
import { measureVerifyHits, warmCache } from './stages/verify-hits.js';
import { measureVerifyMisses } from './stages/verify-misses.js';

async function main(): Promise<void> {
  const secretKey = `0:${randomBytes(32).toString('base64url')}`;
  const keys = parseServerKeyRing(secretKey) as ServerKeyRing;
  const dataDir = join(WORK, 'data');
  const servers: Server[] = [];
  try {
    log('starting Tessera (production build), the bare node:http server and the ideal verifier');
    const tessera = await startTessera(dataDir, secretKey);
    servers.push(tessera);
    const owner = await readOwner(tessera);

    const missLarge = MISS_PER_SLICE * MISS_ROUNDS;
    let seededAt = Date.now();
    const small = await seedSqlite(dataDir, keys, {
      ...owner,
      count: SMALL_COUNT,
      keep: HOT_TOKENS,
      firstIndex: 0,
      nowMs: Date.now(),
    });
    log(`seeded ${SMALL_COUNT.toLocaleString()} tokens in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
    const hot = small.slice(0, HOT_TOKENS);
    const bare = await startBare();
    servers.push(bare);
    let ideal = await startIdeal(secretKey, small);
    servers.push(ideal);

    // Phase 1: 10k tokens.
    log(`verify, cache hits (${HOT_TOKENS} hot tokens), ${ROUNDS} rounds of ${SLICE_SECONDS} s slices`);
    await warmCache(tessera, hot);
    const hitsSmall = await measureVerifyHits([bare, ideal, tessera], hot);
    log('in-process verify() against the ideal verifier function');
    const inProcess = await measureInProcess(dataDir, secretKey, hot);

    // Phase 2: 1M tokens (BENCH_LARGE_TOKENS); the ideal verifier restarts knowing the new ones.
    seededAt = Date.now();
    const large = await seedSqlite(dataDir, keys, {
      ...owner,
      count: LARGE_COUNT - SMALL_COUNT,
      keep: missLarge,
      firstIndex: SMALL_COUNT,
      nowMs: Date.now(),
    });
    const largeSeedSeconds = (Date.now() - seededAt) / 1000;
    log(
      `seeded ${(LARGE_COUNT - SMALL_COUNT).toLocaleString()} more tokens in ${largeSeedSeconds.toFixed(1)} s`,
    );
    ideal.process.kill('SIGTERM');
    ideal = await startIdeal(secretKey, [...hot, ...large]);
    servers[servers.length - 1] = ideal;
    log(`verify at ${LARGE_COUNT.toLocaleString()} tokens: cache hits, then misses`);
    await warmCache(tessera, hot);
    const hitsLarge = await measureVerifyHits([bare, ideal, tessera], hot);
    const missesLarge = await measureVerifyMisses([bare, ideal, tessera], large, MISS_PER_SLICE);

    log('a flood of bad-checksum tokens');
    const flood = await measureBadChecksumFlood(tessera, hot);
    log('GET /v1/tokens, pages of 100 by keyset cursor');
    const listing = await measureKeysetPages(tessera);
    log('POST /v1/tokens on SQLite');
    const creates = await measureCreates(tessera);
    const rss = rssMiB(tessera.process.pid!);

    // Keys in this order: it is the order of bench/results/<date>.json.
    const results: Results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      settings: {
        rounds: ROUNDS,
        sliceSeconds: SLICE_SECONDS,
        connections: CONNECTIONS,
        hotTokens: HOT_TOKENS,
      },
      seeding: { largeTokens: LARGE_COUNT, largeSeedSeconds },
      verify: { hitsSmall, hitsLarge, missesLarge },
      inProcess,
      flood,
      listing,
      creates,
      rssMiB: rss,
      seconds: secondsSinceStart(),
    };
    report(results);
  } catch (error) {
    process.stderr.write(`Tessera's last log lines:\n${tesseraLogTail(15)}\n`);
    throw error;
  } finally {
    for (const server of servers) server.process.kill('SIGTERM');
    removeWorkspace();
  }
}

await main();
