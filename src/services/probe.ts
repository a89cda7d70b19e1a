// Asking a dependency whether it answers, with a deadline: a check that hangs (a stuck connection, a
// silent network) must read as "down", not keep /readyz or a scrape of /metrics waiting.
import type { DependencyCheck } from './deps.js';

export const PROBE_TIMEOUT_MS = 1000;

/** `promise`, or a rejection once `ms` have passed without it settling. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export type ProbeResult = { readonly up: true } | { readonly up: false; readonly error: unknown };

export async function probe(dependency: DependencyCheck, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    await withTimeout(dependency.check(), timeoutMs);
    return { up: true };
  } catch (error) {
    return { up: false, error };
  }
}
