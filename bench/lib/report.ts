// The report: the results as bench/results/<date>.json, and as markdown (targets, then every verify
// run per server) both on stdout and between the bench markers in docs/performance.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from './results.js';
import { ROOT } from './settings.js';
import { fixed, targetRows } from './targets.js';

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

export function markdown(r: Results): string {
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

export function report(r: Results): void {
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
