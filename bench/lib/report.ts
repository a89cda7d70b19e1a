// The report: the results as bench/results/<date>.json, and as markdown (targets, then every verify
// run per server, then the peer and PostgreSQL stages) both on stdout and, for a run with the core
// stages, between the bench markers in docs/performance.md. A run of some parts only
// (TESSERA_BENCH_ONLY) writes bench/results/<date>-<parts>.json and leaves the doc's table alone, so
// a short run never overwrites a full one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CoreResults,
  type DoorsResult,
  hasCore,
  type PeerResult,
  type PostgresResult,
  type Results,
} from './results.js';
import { ROOT } from './settings.js';
import { fixed, targetRows } from './targets.js';

function detailRows(r: CoreResults): string[] {
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

function coreMarkdown(r: Results & CoreResults): string[] {
  const rows = targetRows(r);
  return [
    '| measure | target | measured | met |',
    '|---|---|---|---|',
    ...rows.map(
      (row) => `| ${row.measure} | ${row.target} | ${row.measured} | ${row.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...detailRows(r),
    '',
    `In-process: verify() ${fixed(r.inProcess.tessera, 0)} ops/s, ideal ${fixed(r.inProcess.ideal, 0)} ops/s. Seeding ${r.seeding.largeTokens.toLocaleString('en')} tokens took ${fixed(r.seeding.largeSeedSeconds, 0)} s.`,
  ];
}

function peerMarkdown(p: PeerResult): string[] {
  const rps = p.tessera.rps / p.peer.rps;
  const cpu = p.peer.cpuMicrosPerRequest / p.tessera.cpuMicrosPerRequest;
  const row = (name: string, a: PeerResult['tessera']) =>
    `| ${name} | ${fixed(a.rps, 0)} | ${a.p50Ms} | ${a.p99Ms} | ${fixed(a.cpuMicrosPerRequest, 1)} | ${a.non2xx + a.errors} |`;
  return [
    `Peer: better-auth's API-key plugin on SQLite, verifying ${p.keys.toLocaleString('en')} keys it issued, beside Tessera's cache hits, same slices.`,
    '',
    '| server | req/s | p50 ms | p99 ms | server CPU µs/req | failed |',
    '|---|---|---|---|---|---|',
    row('tessera POST /v1/verify (cache hit)', p.tessera),
    row('better-auth verifyApiKey', p.peer),
    '',
    `Tessera ahead: ${fixed(rps, 1)}× in req/s, ${fixed(cpu, 1)}× in server CPU per request (target ≥ 20×: ${rps >= 20 && cpu >= 20 ? 'met' : '**not met**'}).`,
  ];
}

function doorsMarkdown(d: DoorsResult): string[] {
  const verify = d.measured.verify!;
  const rows = Object.entries(d.measured).map(([name, a]) => {
    const ratio = a.cpuMicrosPerRequest / verify.cpuMicrosPerRequest;
    const met = name === 'verify' ? '' : ratio <= 1.3 ? 'yes' : '**no**';
    return `| ${name} | \`${d.paths[name]}\` | ${fixed(a.rps, 0)} | ${a.p99Ms} | ${fixed(a.cpuMicrosPerRequest, 1)} | ${fixed(ratio)}× | ${met} | ${a.non2xx + a.errors} |`;
  });
  return [
    'Doors: the same cached owner token through every door that authenticates it, same slices (target: CPU ≤ 1.3× verify).',
    '',
    '| door | request | req/s | p99 ms | server CPU µs/req | CPU vs verify | met | failed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function postgresMarkdown(p: PostgresResult): string[] {
  const tessera = p.misses.tessera!;
  const bare = p.misses.bare!;
  const creates = p.creates;
  return [
    `PostgreSQL: ${p.tokens.toLocaleString('en')} tokens seeded in ${fixed(p.seedSeconds, 0)} s; misses ${p.perSlice.toLocaleString('en')} tokens a slice, each once.`,
    '',
    '| measure | req/s | vs bare | p50 ms | p99 ms | server CPU µs/req | failed |',
    '|---|---|---|---|---|---|---|',
    `| bare (same slices) | ${fixed(bare.rps, 0)} | 1.00× | ${bare.p50Ms} | ${bare.p99Ms} | ${fixed(bare.cpuMicrosPerRequest, 1)} | ${bare.non2xx + bare.errors} |`,
    `| tessera POST /v1/verify, cache miss | ${fixed(tessera.rps, 0)} | ${fixed(tessera.rps / bare.rps)}× | ${tessera.p50Ms} | ${tessera.p99Ms} | ${fixed(tessera.cpuMicrosPerRequest, 1)} | ${tessera.non2xx + tessera.errors} |`,
    `| tessera POST /v1/tokens (creates/s) | ${fixed(creates.rps, 0)} | | ${creates.p50Ms} | ${creates.p99Ms} | ${fixed(creates.cpuMicrosPerRequest, 1)} | ${creates.non2xx + creates.errors} |`,
  ];
}

export function markdown(r: Results): string {
  const sections: string[][] = [];
  if (hasCore(r)) sections.push(coreMarkdown(r));
  if (r.peer !== undefined) sections.push(peerMarkdown(r.peer));
  if (r.doors !== undefined) sections.push(doorsMarkdown(r.doors));
  if (r.postgres !== undefined) sections.push(postgresMarkdown(r.postgres));
  return [
    `Measured ${r.date.slice(0, 10)} by \`npm run bench\` on this machine (${r.machine.cpus} cores, Node ${r.machine.node}), parts ${r.parts.join(', ')}, ${fixed(r.seconds, 0)} s in all.`,
    ...sections.flatMap((section) => ['', ...section]),
  ].join('\n');
}

export function report(r: Results): void {
  const date = r.date.slice(0, 10);
  const full = hasCore(r);
  const name = full ? date : `${date}-${r.parts.join('-')}`;
  writeFileSync(join(ROOT, 'bench/results', `${name}.json`), `${JSON.stringify(r, null, 2)}\n`);
  const table = markdown(r);
  if (full) {
    const docPath = join(ROOT, 'docs/performance.md');
    const doc = readFileSync(docPath, 'utf8');
    const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
    const updated = `${doc.slice(0, doc.indexOf(start) + start.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`;
    writeFileSync(docPath, updated);
  }
  const where = full ? 'table: docs/performance.md' : 'docs/performance.md left as it was (not a full run)';
  process.stdout.write(`\n${table}\n\nresults: bench/results/${name}.json; ${where}\n`);
}
