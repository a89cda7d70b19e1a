// Folding a stage's slices into one figure per server: requests over total time (not a mean of
// rates), median latencies, and CPU per request weighted by each slice's requests.
import type { Measured } from './measure.js';

export interface Aggregate {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMicrosPerRequest: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function aggregate(slices: readonly Measured[]): Aggregate {
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
