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
