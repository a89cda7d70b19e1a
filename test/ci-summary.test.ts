// CI's closing line (.ci/run via scripts/sum-test-reports.mjs): the passes and failures of the Node 20
// and Node 24 runs added up on one `N passed, N failed` line, and a run that left no report or ran
// no test counted as a failure, so a broken stage cannot pass as green.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/sum-test-reports.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tessera-ci-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A vitest JSON report with these counts (the fields the summary reads). */
function report(name: string, passed: number, failed: number): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({ numTotalTests: passed + failed, numPassedTests: passed, numFailedTests: failed }),
  );
  return file;
}

async function summarise(...files: string[]): Promise<{ line: string; code: number }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...files]);
    return { line: stdout.trim(), code: 0 };
  } catch (error) {
    const { stdout, code } = error as { stdout: string; code: number };
    return { line: stdout.trim(), code };
  }
}

describe('the CI summary line', () => {
  it('adds up both runs and exits 0 when nothing failed', async () => {
    expect(await summarise(report('a.json', 1200, 0), report('b.json', 1199, 0))).toEqual({
      line: '2399 passed, 0 failed',
      code: 0,
    });
  });

  it('counts the failures of either run and exits 1', async () => {
    expect(await summarise(report('c.json', 10, 0), report('d.json', 8, 2))).toEqual({
      line: '18 passed, 2 failed',
      code: 1,
    });
  });

  it('counts a run of no test, a missing report and an unreadable one as one failure each', async () => {
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{"numPassedTests": 3');
    expect(await summarise(report('e.json', 5, 0), report('empty.json', 0, 0))).toEqual({
      line: '5 passed, 1 failed',
      code: 1,
    });
    expect(await summarise(report('f.json', 5, 0), join(dir, 'never-written.json'), garbled)).toEqual({
      line: '5 passed, 2 failed',
      code: 1,
    });
    expect(await summarise()).toEqual({ line: '0 passed, 1 failed', code: 1 });
  });
});
