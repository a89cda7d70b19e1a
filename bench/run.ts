// `npm run bench`: Tessera's verification beside a bare node:http server and an "ideal" verifier, in
// one run on this machine, as ratios (a shared machine's absolute numbers mean little). Servers take
// turns in short slices, round after round, so machine noise hits all of them alike. Load comes from a
// separate autocannon process; each server's CPU time per request is read from /proc.
// Results: bench/results/<date>.json and the table in docs/performance.md.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { parseConfig } from '../src/config.js';
import { parseServerKeyRing, type ServerKeyRing } from '../src/core/server-key.js';
import { prepareDeps } from '../src/main.js';
import { verifySecret } from '../src/services/verify.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { IdealVerifier } from './ideal-verifier.js';
import type { LoadPlan, LoadResult } from './load.js';
import { type SeededToken, seedTokens } from './seed.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Miss rounds use fresh tokens each: 3 × 20k stays well inside the cache, so no run measures eviction. */
const MISS_ROUNDS = Math.min(ROUNDS, 3);
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 3);
const CONNECTIONS = 50;
const HOT_TOKENS = 1_000;
/** Tokens presented once each per miss slice (every one a cache miss). */
const MISS_PER_SLICE = 20_000;
const LARGE_COUNT = Number(process.env.BENCH_LARGE_TOKENS ?? 1_000_000);
const SMALL_COUNT = 10_000;
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const startedAt = Date.now();

function log(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}

// ---- processes ----------------------------------------------------------------------------------

interface Server {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
}

async function waitForLine(child: ChildProcess, pattern: RegExp, logFile?: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
  });
  while (Date.now() < deadline) {
    const text = logFile === undefined ? seen : readFileSync(logFile, 'utf8');
    const match = pattern.exec(text);
    if (match) return match[1]!;
    if (child.exitCode !== null) throw new Error(`process exited: ${text.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} within 60 s`);
}

async function startHelperServer(name: string, script: string, args: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await waitForLine(child, /listening (\d+)/);
  return { name, url: `http://127.0.0.1:${port}`, process: child };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startTessera(dataDir: string, secretKey: string): Promise<Server & { ownerToken: string }> {
  const port = await freePort();
  const logFile = join(WORK, 'tessera.log');
  const out = openSync(logFile, 'a');
  // Exactly what `npm start` runs after its build, with production settings and default logging.
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_SECRET_KEY: secretKey,
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', out, out],
  });
  const ownerToken = await waitForLine(child, /^(tsr_\S+)$/m, logFile);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name: 'tessera', url, process: child, ownerToken };
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

// ---- load ---------------------------------------------------------------------------------------

interface Measured extends LoadResult {
  readonly cpuMicrosPerRequest: number;
}

let itemsCounter = 0;
function itemsFile(items: readonly string[]): string {
  const file = join(WORK, `items-${itemsCounter++}.json`);
  writeFileSync(file, JSON.stringify(items));
  return file;
}

async function load(server: Server, plan: Omit<LoadPlan, 'url'> & { path: string }): Promise<Measured> {
  const { path, ...rest } = plan;
  const cpuBefore = cpuSeconds(server.process.pid!);
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'bench/load.ts'),
      JSON.stringify({ ...rest, url: `${server.url}${path}` }),
    ],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  ).toString();
  const cpu = cpuSeconds(server.process.pid!) - cpuBefore;
  const result = JSON.parse(output.trim().split('\n').pop()!) as LoadResult;
  return { ...result, cpuMicrosPerRequest: (cpu * 1e6) / Math.max(1, result.requests) };
}

interface Aggregate {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerRequest: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function aggregate(slices: readonly Measured[]): Aggregate {
  const requests = slices.reduce((sum, slice) => sum + slice.requests, 0);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  return {
    rps: requests / seconds,
    p50Ms: median(slices.map((slice) => slice.p50Ms)),
    p99Ms: median(slices.map((slice) => slice.p99Ms)),
    cpuMicrosPerRequest:
      slices.reduce((sum, slice) => sum + slice.cpuMicrosPerRequest * slice.requests, 0) / requests,
    requests,
    non2xx: slices.reduce((sum, slice) => sum + slice.non2xx, 0),
    errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
  };
}

/** Round after round, each server gets one slice with the items `itemsFor(server, round)` names. */
async function interleaved(
  servers: readonly Server[],
  plan: (server: Server, round: number) => Omit<LoadPlan, 'url'> & { path: string },
  rounds = ROUNDS,
): Promise<Record<string, Aggregate>> {
  const slices = new Map<string, Measured[]>(servers.map((server) => [server.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) slices.get(server.name)!.push(await load(server, plan(server, round)));
  }
  return Object.fromEntries([...slices].map(([name, measured]) => [name, aggregate(measured)]));
}

const verifyBodies = (tokens: readonly SeededToken[]) =>
  tokens.map((token) => JSON.stringify({ token: token.secret }));

async function verifyHits(servers: readonly Server[], hot: readonly SeededToken[]) {
  const file = itemsFile(verifyBodies(hot));
  return interleaved(servers, () => ({
    path: '/v1/verify',
    method: 'POST',
    connections: CONNECTIONS,
    durationSeconds: SLICE_SECONDS,
    itemsFile: file,
  }));
}

/** Each token presented once: every Tessera request is a cache miss (one indexed read). */
async function verifyMisses(servers: readonly Server[], fresh: readonly SeededToken[], perSlice: number) {
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

// ---- in-process ---------------------------------------------------------------------------------

async function inProcess(dataDir: string, secretKey: string, hot: readonly SeededToken[]) {
  const config = parseConfig({
    TESSERA_DATA_DIR: dataDir,
    TESSERA_SECRET_KEY: secretKey,
    LOG_LEVEL: 'silent',
  });
  const { deps } = await prepareDeps(config);
  const ideal = new IdealVerifier(secretKey, hot);
  const secrets = hot.map((token) => token.secret);
  for (const secret of secrets) await verifySecret(deps, secret); // fill the cache
  const rates = { tessera: [] as number[], ideal: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['ideal', 'tessera'] as const) {
      let operations = 0;
      const started = performance.now();
      while (performance.now() - started < 1000) {
        for (let index = 0; index < 1000; index++) {
          const secret = secrets[(operations + index) % secrets.length]!;
          if (which === 'tessera') {
            const answer = await verifySecret(deps, secret);
            if (!answer.outcome.valid) throw new Error('in-process verify failed');
          } else {
            await ideal.verify(secret, Date.now());
          }
        }
        operations += 1000;
      }
      rates[which].push(operations / ((performance.now() - started) / 1000));
    }
  }
  await deps.usage.flush();
  await deps.close();
  await deps.store.close();
  return { tessera: median(rates.tessera), ideal: median(rates.ideal) };
}

// ---- report -------------------------------------------------------------------------------------

interface Results {
  readonly date: string;
  readonly seconds: number;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly seeding: { readonly largeTokens: number; readonly largeSeedSeconds: number };
  readonly verify: Record<'hitsSmall' | 'hitsLarge' | 'missesLarge', Record<string, Aggregate>>;
  readonly inProcess: { readonly tessera: number; readonly ideal: number };
  readonly flood: Measured & { readonly storeQueries: number };
  readonly listing: Measured & { readonly firstPageMs: number; readonly alone: Measured };
  readonly creates: Measured;
  readonly rssMiB: number;
}

interface TargetRow {
  readonly measure: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

function targetRows(r: Results): TargetRow[] {
  const { hitsSmall, missesLarge, hitsLarge } = r.verify;
  const hitRatio = hitsSmall.tessera!.rps / hitsSmall.bare!.rps;
  const missRatio = missesLarge.tessera!.rps / missesLarge.bare!.rps;
  const largeHitRatio = hitsLarge.tessera!.rps / hitsLarge.bare!.rps;
  // Each stage against its own bare run, so a noisier minute cannot pass for a slower Tessera.
  const scale = largeHitRatio / hitRatio;
  const inProcess = r.inProcess.tessera / r.inProcess.ideal;
  const creates =
    r.creates.non2xx === 0 ? r.creates.rps : r.creates.rps * (1 - r.creates.non2xx / r.creates.requests);
  return [
    {
      measure: 'POST /v1/verify, cache hit, req/s vs bare node:http',
      target: '≥ 0.80×',
      measured: `${fixed(hitRatio)}×`,
      met: hitRatio >= 0.8,
    },
    {
      measure: 'same, p99 latency at 50 connections',
      target: '≤ 10 ms',
      measured: `${hitsSmall.tessera!.p99Ms} ms`,
      met: hitsSmall.tessera!.p99Ms <= 10,
    },
    {
      measure: `POST /v1/verify, cache miss (each token once, at ${r.seeding.largeTokens.toLocaleString('en')} tokens), req/s vs bare`,
      target: '≥ 0.50×',
      measured: `${fixed(missRatio)}×`,
      met: missRatio >= 0.5,
    },
    {
      measure: 'in-process verify() ops/s vs the ideal verifier',
      target: '≥ 0.50×',
      measured: `${fixed(inProcess)}×`,
      met: inProcess >= 0.5,
    },
    {
      measure: `verify req/s with ${r.seeding.largeTokens.toLocaleString('en')} tokens vs 10k`,
      target: '≥ 0.90×',
      measured: `${fixed(scale)}×`,
      met: scale >= 0.9,
    },
    {
      measure: 'flood of bad-checksum tokens',
      target: '0 store queries',
      measured: `${r.flood.storeQueries} queries / ${r.flood.requests.toLocaleString('en')} requests`,
      met: r.flood.storeQueries === 0,
    },
    {
      measure: `GET /v1/tokens page of 100 at ${r.seeding.largeTokens.toLocaleString('en')} tokens, keyset, p99`,
      target: '≤ 50 ms',
      measured: `${r.listing.p99Ms} ms at 10 clients (p50 ${r.listing.p50Ms} ms); ${r.listing.alone.p99Ms} ms for one client alone; a walk's first page, which counts: ${fixed(r.listing.firstPageMs, 0)} ms`,
      met: r.listing.p99Ms <= 50,
    },
    {
      measure: 'POST /v1/tokens on SQLite, creates/s',
      target: '≥ 1,000/s',
      measured: `${fixed(creates, 0)}/s, p99 ${r.creates.p99Ms} ms`,
      met: creates >= 1000,
    },
    {
      measure: `server RSS at ${r.seeding.largeTokens.toLocaleString('en')} tokens, after the run`,
      target: '≤ 512 MiB',
      measured: `${fixed(r.rssMiB, 0)} MiB`,
      met: r.rssMiB <= 512,
    },
  ];
}

function detailRows(r: Results): string[] {
  const lines = [
    '| run | server | req/s | vs bare | p50 ms | p99 ms | server CPU µs/req | CPU vs bare |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [run, byServer] of Object.entries(r.verify)) {
    const bare = byServer.bare!;
    for (const [name, a] of Object.entries(byServer)) {
      lines.push(
        `| ${run} | ${name} | ${fixed(a.rps, 0)} | ${fixed(a.rps / bare.rps)}× | ${a.p50Ms} | ${a.p99Ms} | ${fixed(a.cpuMicrosPerRequest, 1)} | ${fixed(a.cpuMicrosPerRequest / bare.cpuMicrosPerRequest)}× |`,
      );
    }
  }
  return lines;
}

function markdown(r: Results): string {
  const rows = targetRows(r);
  return [
    `Measured ${r.date.slice(0, 10)} by \`npm run bench\` on this machine (${r.machine.cpus} cores, Node ${r.machine.node}), ${fixed(r.seconds, 0)} s in all.`,
    '',
    '| measure | target | measured | met |',
    '|---|---|---|---|',
    ...rows.map(
      (row) => `| ${row.measure} | ${row.target} | ${row.measured} | ${row.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...detailRows(r),
    '',
    `In-process: verify() ${fixed(r.inProcess.tessera, 0)} ops/s, ideal ${fixed(r.inProcess.ideal, 0)} ops/s. Seeding ${r.seeding.largeTokens.toLocaleString('en')} tokens took ${fixed(r.seeding.largeSeedSeconds, 0)} s.`,
  ].join('\n');
}

function report(r: Results): void {
  const date = r.date.slice(0, 10);
  writeFileSync(join(ROOT, 'bench/results', `${date}.json`), `${JSON.stringify(r, null, 2)}\n`);
  const table = markdown(r);
  const docPath = join(ROOT, 'docs/performance.md');
  const doc = readFileSync(docPath, 'utf8');
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
  const updated = `${doc.slice(0, doc.indexOf(start) + start.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`;
  writeFileSync(docPath, updated);
  process.stdout.write(`\n${table}\n\nresults: bench/results/${date}.json; table: docs/performance.md\n`);
}

// ---- the run ------------------------------------------------------------------------------------

async function seed(
  dataDir: string,
  keys: ServerKeyRing,
  owner: { tenantId: string; ownerId: string },
  count: number,
  keep: number,
  firstIndex: number,
) {
  const store = openSqliteStore(join(dataDir, 'tessera.db'));
  try {
    return await seedTokens(store, keys, { ...owner, count, keep, firstIndex, nowMs: Date.now() });
  } finally {
    await store.close();
    // Fold the seed's write-ahead log into the database, so the server does not pay for it mid-run.
    const connection = new BetterSqlite3(join(dataDir, 'tessera.db'));
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.close();
  }
}

async function metricTotal(server: Server, name: string, exclude: readonly string[] = []): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (exclude.some((label) => line.includes(label))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

function warmPlan(hot: readonly SeededToken[]): Omit<LoadPlan, 'url'> & { path: string } {
  return {
    path: '/v1/verify',
    method: 'POST',
    connections: CONNECTIONS,
    amount: hot.length,
    itemsFile: itemsFile(verifyBodies(hot)),
  };
}

async function startIdeal(secretKey: string, tokens: readonly SeededToken[]): Promise<Server> {
  const file = join(WORK, `ideal-${itemsCounter++}.json`);
  writeFileSync(file, JSON.stringify({ secretKey, tokens }));
  return startHelperServer('ideal', 'ideal-verifier.ts', [file]);
}

async function main(): Promise<void> {
  const secretKey = `0:${randomBytes(32).toString('base64url')}`;
  const keys = parseServerKeyRing(secretKey) as ServerKeyRing;
  const dataDir = join(WORK, 'data');
  const servers: Server[] = [];
  try {
    log('starting Tessera (production build), the bare node:http server and the ideal verifier');
    const tessera = await startTessera(dataDir, secretKey);
    servers.push(tessera);
    const self = (await (
      await fetch(`${tessera.url}/v1/tokens/self`, {
        headers: { authorization: `Bearer ${tessera.ownerToken}` },
      })
    ).json()) as { tenant_id: string; owner_id: string };
    const owner = { tenantId: self.tenant_id as string, ownerId: self.owner_id as string };

    const missLarge = MISS_PER_SLICE * MISS_ROUNDS;
    let seededAt = Date.now();
    const small = await seed(dataDir, keys, owner, SMALL_COUNT, HOT_TOKENS, 0);
    log(`seeded ${SMALL_COUNT.toLocaleString()} tokens in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
    const hot = small.slice(0, HOT_TOKENS);
    const bare = await startHelperServer('bare', 'bare-server.ts');
    servers.push(bare);
    let ideal = await startIdeal(secretKey, small);
    servers.push(ideal);

    // Stage 1: 10k tokens.
    log(`verify, cache hits (${HOT_TOKENS} hot tokens), ${ROUNDS} rounds of ${SLICE_SECONDS} s slices`);
    await load(tessera, warmPlan(hot)); // fills the cache, as any running instance's would be
    const hitsSmall = await verifyHits([bare, ideal, tessera], hot);
    log('in-process verify() against the ideal verifier function');
    const inProcessRates = await inProcess(dataDir, secretKey, hot);

    // Stage 2: 1M tokens.
    seededAt = Date.now();
    const large = await seed(dataDir, keys, owner, LARGE_COUNT - SMALL_COUNT, missLarge, SMALL_COUNT);
    const largeSeedSeconds = (Date.now() - seededAt) / 1000;
    log(
      `seeded ${(LARGE_COUNT - SMALL_COUNT).toLocaleString()} more tokens in ${largeSeedSeconds.toFixed(1)} s`,
    );
    ideal.process.kill('SIGTERM');
    ideal = await startIdeal(secretKey, [...hot, ...large]);
    servers[servers.length - 1] = ideal;
    log(`verify at ${LARGE_COUNT.toLocaleString()} tokens: cache hits, then misses`);
    await load(tessera, warmPlan(hot));
    const hitsLarge = await verifyHits([bare, ideal, tessera], hot);
    const missesLarge = await verifyMisses([bare, ideal, tessera], large, MISS_PER_SLICE);

    log('a flood of bad-checksum tokens');
    const bookkeeping = ['operation="ping"', 'operation="recordLastUsed"'];
    const queriesBefore = await metricTotal(tessera, 'tessera_store_queries_total', bookkeeping);
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
    const floodQueries =
      (await metricTotal(tessera, 'tessera_store_queries_total', bookkeeping)) - queriesBefore;

    log('GET /v1/tokens, pages of 100 by keyset cursor');
    const auth = { authorization: `Bearer ${tessera.ownerToken}` };
    const pages: string[] = ['/v1/tokens?limit=100'];
    for (let page = 0; page < 30; page++) {
      const answer = (await (await fetch(`${tessera.url}${pages.at(-1)}`, { headers: auth })).json()) as {
        pagination?: { next_cursor?: string | null };
      };
      if (answer.pagination?.next_cursor == null) break;
      pages.push(`/v1/tokens?limit=100&cursor=${encodeURIComponent(answer.pagination.next_cursor)}`);
    }
    // A walk's first page counts the owner's tokens; the pages after it carry that total.
    const firstPageMs: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = performance.now();
      await (await fetch(`${tessera.url}${pages[0]}`, { headers: auth })).arrayBuffer();
      firstPageMs.push(performance.now() - started);
    }
    const listing = {
      ...(await load(tessera, {
        path: '',
        method: 'GET',
        connections: 10,
        durationSeconds: SLICE_SECONDS,
        itemsFile: itemsFile(pages.slice(1)),
        headers: auth,
      })),
      firstPageMs: median(firstPageMs),
      // One client at a time: the page's own latency, without ten requests queueing on one core.
      alone: await load(tessera, {
        path: '',
        method: 'GET',
        connections: 1,
        durationSeconds: SLICE_SECONDS,
        itemsFile: itemsFile(pages.slice(1)),
        headers: auth,
      }),
    };

    log('POST /v1/tokens on SQLite');
    const creates = await load(tessera, {
      path: '/v1/tokens',
      method: 'POST',
      connections: CONNECTIONS,
      durationSeconds: SLICE_SECONDS,
      itemsFile: itemsFile([JSON.stringify({ name: 'bench-create-{{n}}', ttl: 3600 })]),
      headers: auth,
      numbered: true,
    });
    const rss = rssMiB(tessera.process.pid!);

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: {
        rounds: ROUNDS,
        sliceSeconds: SLICE_SECONDS,
        connections: CONNECTIONS,
        hotTokens: HOT_TOKENS,
      },
      seeding: { largeTokens: LARGE_COUNT, largeSeedSeconds },
      verify: { hitsSmall, hitsLarge, missesLarge },
      inProcess: inProcessRates,
      flood: { ...flood, storeQueries: floodQueries },
      listing,
      creates,
      rssMiB: rss,
      seconds: (Date.now() - startedAt) / 1000,
    };
    report(results);
  } catch (error) {
    const serverLog = readFileSync(join(WORK, 'tessera.log'), 'utf8').trim().split('\n');
    process.stderr.write(`Tessera's last log lines:\n${serverLog.slice(-15).join('\n')}\n`);
    throw error;
  } finally {
    for (const server of servers) server.process.kill('SIGTERM');
    rmSync(WORK, { recursive: true, force: true });
  }
}

await main();
