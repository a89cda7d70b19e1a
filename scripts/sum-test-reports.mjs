// Totals vitest JSON reports (one a run: Node 20, Node 24) into the one closing line CI is judged by,
// `N passed, N failed`, and exits 1 when anything failed. A report that is missing, unreadable or
// counts no test adds one failure: a run that tested nothing must not pass. Plain Node, no
// dependencies: .ci/run calls it with the machine's Node after both runs.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = files.length === 0 ? 1 : 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`no readable test report at ${file}`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numTotalTests > 0 ? 0 : 1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
