// One load slice against one server (the generator in its own process, the server's CPU read around
// it), and the interleaving of slices across servers, round after round, so machine noise hits all
// of them alike.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadPlan, LoadResult } from './load-generator.js';
import { cpuSeconds } from './process-stats.js';
import type { Server } from './processes.js';
import { ROOT, ROUNDS } from './settings.js';
import { type Aggregate, aggregate } from './statistics.js';

export interface Measured extends LoadResult {
  readonly cpuMicrosPerRequest: number;
}

/** A load plan whose URL is a path on whichever server it is run against. */
export type ServerLoadPlan = Omit<LoadPlan, 'url'> & { readonly path: string };

const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export async function load(server: Server, plan: ServerLoadPlan): Promise<Measured> {
  const { path, ...rest } = plan;
  const cpuBefore = cpuSeconds(server.process.pid!);
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', LOAD_GENERATOR, JSON.stringify({ ...rest, url: `${server.url}${path}` })],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  ).toString();
  const cpu = cpuSeconds(server.process.pid!) - cpuBefore;
  // The slice blocked this event loop; let it poll once before anything else runs. Otherwise a
  // keep-alive socket the server closed meanwhile (72 s idle) is still in fetch's pool, unseen, and
  // the next fetch to that server fails with "other side closed".
  await new Promise((resolve) => setImmediate(resolve));
  const result = JSON.parse(output.trim().split('\n').pop()!) as LoadResult;
  return { ...result, cpuMicrosPerRequest: (cpu * 1e6) / Math.max(1, result.requests) };
}

/** Round after round, each server gets one slice of the load `plan(server, round)` describes. */
export async function interleaved(
  servers: readonly Server[],
  plan: (server: Server, round: number) => ServerLoadPlan,
  rounds = ROUNDS,
): Promise<Record<string, Aggregate>> {
  const slices = new Map<string, Measured[]>(servers.map((server) => [server.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) slices.get(server.name)!.push(await load(server, plan(server, round)));
  }
  return Object.fromEntries([...slices].map(([name, measured]) => [name, aggregate(measured)]));
}
