// The run's knobs in one place: the environment's BENCH_* overrides, read once, and the fixed sizes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: servers and the load generator run from here, results are written under it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Miss rounds use fresh tokens each: 3 × 20k stays well inside the cache, so no run measures eviction. */
export const MISS_ROUNDS = Math.min(ROUNDS, 3);
export const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 3);
export const CONNECTIONS = 50;
export const HOT_TOKENS = 1_000;
/** Tokens presented once each per miss slice (every one a cache miss). */
export const MISS_PER_SLICE = 20_000;
export const LARGE_COUNT = Number(process.env.BENCH_LARGE_TOKENS ?? 1_000_000);
export const SMALL_COUNT = 10_000;

/**
 * The parts of a run: `core` (every stage above), `peer` (better-auth beside Tessera), `doors` (each
 * door that authenticates a token, beside verify), `postgres`.
 */
export type Part = 'core' | 'peer' | 'doors' | 'postgres';

/**
 * Which parts this run has: all of them, unless TESSERA_BENCH_ONLY names some (`peer,postgres` for a
 * short run) or TESSERA_BENCH_PEER=0 / TESSERA_BENCH_POSTGRES=0 leave one out.
 */
export function partsToRun(env: NodeJS.ProcessEnv = process.env): ReadonlySet<Part> {
  const known: readonly Part[] = ['core', 'peer', 'doors', 'postgres'];
  const only = env.TESSERA_BENCH_ONLY?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (only !== undefined && only.length > 0) {
    const unknown = only.filter((name) => !known.includes(name as Part));
    if (unknown.length > 0) throw new Error(`TESSERA_BENCH_ONLY: unknown part ${unknown.join(', ')}`);
  }
  const parts = new Set<Part>(only !== undefined && only.length > 0 ? (only as Part[]) : known);
  if (env.TESSERA_BENCH_PEER === '0') parts.delete('peer');
  if (env.TESSERA_BENCH_POSTGRES === '0') parts.delete('postgres');
  return parts;
}

/** The server the PostgreSQL stage creates its own database on (and drops it from at the end). */
export const POSTGRES_URL = process.env.TESSERA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const POSTGRES_DATABASE = 'tessera_bench';
/** Tokens seeded on PostgreSQL: fewer than SQLite's million, since seeding there is a round trip each. */
export const POSTGRES_COUNT = Number(process.env.BENCH_POSTGRES_TOKENS ?? 100_000);
