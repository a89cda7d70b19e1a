// `npm run bench`: Tessera's verification beside a bare node:http server and an "ideal" verifier, in
// one run on this machine, as ratios (a shared machine's absolute numbers mean little). Servers take
// turns in short slices, round after round, so machine noise hits all of them alike. Load comes from a
// separate autocannon process; each server's CPU time per request is read from /proc.
// This file is the order of the run; the stages are in bench/stages/, what they share in bench/lib/.
// Parts: `core` (every stage against bare and ideal), `peer` (better-auth's API-key plugin beside
// Tessera), `doors` (every door that authenticates a token, beside verify), `postgres` (Tessera on the
// machine's PostgreSQL). TESSERA_BENCH_ONLY=peer,postgres runs
// some of them; TESSERA_BENCH_PEER=0 or TESSERA_BENCH_POSTGRES=0 leaves one out.
// Results: bench/results/<date>.json and the table in docs/performance.md.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseServerKeyRing, type ServerKeyRing } from '../src/core/server-key.js';
import { log, secondsSinceStart } from './lib/log.js';
import { rssMiB } from './lib/process-stats.js';
import {
  type Server,
  startBare,
  startIdeal,
  startPeer,
  startTessera,
  type TesseraServer,
  tesseraLogTail,
} from './lib/processes.js';
import { report } from './lib/report.js';
import type { CoreResults, Results } from './lib/results.js';
import { type SeededToken, seedSqlite } from './lib/seed.js';
import {
  CONNECTIONS,
  HOT_TOKENS,
  LARGE_COUNT,
  MISS_PER_SLICE,
  MISS_ROUNDS,
  partsToRun,
  ROUNDS,
  SLICE_SECONDS,
  SMALL_COUNT,
} from './lib/settings.js';
import { type Owner, readOwner } from './lib/tessera-api.js';
import { removeWorkspace, WORK } from './lib/workspace.js';
import { measureBadChecksumFlood } from './stages/bad-checksum-flood.js';
import { measureCreates } from './stages/creates.js';
import { measureDoors } from './stages/doors.js';
import { measureInProcess } from './stages/in-process.js';
import { measureKeysetPages } from './stages/keyset-pages.js';
import { measurePeer } from './stages/peer.js';
import { measurePostgres } from './stages/postgres.js';
import { measureVerifyHits, warmCache } from './stages/verify-hits.js';
import { measureVerifyMisses } from './stages/verify-misses.js';

interface SqliteSetup {
  readonly secretKey: string;
  readonly keys: ServerKeyRing;
  readonly dataDir: string;
  readonly tessera: TesseraServer;
  readonly owner: Owner;
  readonly small: readonly SeededToken[];
  readonly hot: readonly SeededToken[];
}

/** Every stage against the bare server and the ideal verifier, at 10k tokens and then at 1M. */
async function runCore(setup: SqliteSetup, bare: Server, servers: Server[]): Promise<CoreResults> {
  const { secretKey, keys, dataDir, tessera, owner, small, hot } = setup;
  const missLarge = MISS_PER_SLICE * MISS_ROUNDS;
  let ideal = await startIdeal(secretKey, small);
  servers.push(ideal);

  // Phase 1: 10k tokens.
  log(`verify, cache hits (${HOT_TOKENS} hot tokens), ${ROUNDS} rounds of ${SLICE_SECONDS} s slices`);
  await warmCache(tessera, hot);
  const hitsSmall = await measureVerifyHits([bare, ideal, tessera], hot);
  log('in-process verify() against the ideal verifier function');
  const inProcess = await measureInProcess(dataDir, secretKey, hot);

  // Phase 2: 1M tokens (BENCH_LARGE_TOKENS); the ideal verifier restarts knowing the new ones.
  const seededAt = Date.now();
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
  ideal.process.kill('SIGTERM');
  return {
    seeding: { largeTokens: LARGE_COUNT, largeSeedSeconds },
    verify: { hitsSmall, hitsLarge, missesLarge },
    inProcess,
    flood,
    listing,
    creates,
    rssMiB: rss,
  };
}

/** Tessera on SQLite with the first 10k tokens, for the core stages and the peer's comparison. */
async function startSqliteTessera(servers: Server[]): Promise<SqliteSetup> {
  const secretKey = `0:${randomBytes(32).toString('base64url')}`;
  const keys = parseServerKeyRing(secretKey) as ServerKeyRing;
  const dataDir = join(WORK, 'data');
  const tessera = await startTessera(dataDir, secretKey);
  servers.push(tessera);
  const owner = await readOwner(tessera);
  const seededAt = Date.now();
  const small = await seedSqlite(dataDir, keys, {
    ...owner,
    count: SMALL_COUNT,
    keep: HOT_TOKENS,
    firstIndex: 0,
    nowMs: Date.now(),
  });
  log(`seeded ${SMALL_COUNT.toLocaleString()} tokens in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
  return { secretKey, keys, dataDir, tessera, owner, small, hot: small.slice(0, HOT_TOKENS) };
}

async function main(): Promise<void> {
  const parts = partsToRun();
  const servers: Server[] = [];
  try {
    log(`parts: ${[...parts].join(', ')}`);
    const bare = await startBare();
    servers.push(bare);
    let core: CoreResults | undefined;
    let peer: Results['peer'];
    let doors: Results['doors'];
    if (parts.has('core') || parts.has('peer') || parts.has('doors')) {
      log('starting Tessera (production build) on SQLite');
      const setup = await startSqliteTessera(servers);
      // Doors first: Lagrello's list has no paging, and after the core's 1M tokens it lists them all.
      if (parts.has('doors')) {
        log(`doors: the bearer door and each dialect's beside POST /v1/verify, ${ROUNDS} rounds`);
        doors = await measureDoors(setup.tessera);
      }
      if (parts.has('core')) core = await runCore(setup, bare, servers);
      if (parts.has('peer')) {
        log(`starting better-auth with its API-key plugin, issuing ${HOT_TOKENS} keys`);
        const peerServer = await startPeer(HOT_TOKENS);
        servers.push(peerServer);
        log(`peer: better-auth verifyApiKey beside Tessera's cache hits, ${ROUNDS} rounds`);
        peer = await measurePeer(setup.tessera, peerServer, setup.hot);
      }
    }
    let postgres: Results['postgres'];
    if (parts.has('postgres')) {
      log('starting Tessera on PostgreSQL, in a database of its own');
      postgres = await measurePostgres(bare);
    }

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
      parts: [...parts],
      ...core,
      ...(peer !== undefined ? { peer } : {}),
      ...(doors !== undefined ? { doors } : {}),
      ...(postgres !== undefined ? { postgres } : {}),
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
