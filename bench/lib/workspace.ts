// The run's scratch directory: Tessera's data and log, and the files handed to child processes, all
// removed when the run ends so nothing of a run outlives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WORK = mkdtempSync(join(tmpdir(), 'tessera-bench-'));

let fileCounter = 0;

/** Writes `content` as JSON to a new file in the work directory and returns its path. */
export function writeWorkFile(prefix: string, content: unknown): string {
  const file = join(WORK, `${prefix}-${fileCounter++}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

export function removeWorkspace(): void {
  rmSync(WORK, { recursive: true, force: true });
}
