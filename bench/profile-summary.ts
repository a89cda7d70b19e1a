// `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: a V8 CPU profile (from BENCH_PROFILE_DIR
// or `node --cpu-prof`) summed by function, by self time, the way a performance note quotes it.
// Functions are keyed by name, file and line, so one function's many call sites add up to one row.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function functionKey({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const where = url === '' ? '' : ` ${basename(url)}:${lineNumber + 1}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${where}`;
}

function summarize(profile: Profile, top: number): string {
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let totalMicros = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = nodeById.get(nodeId);
    if (node === undefined) return;
    totalMicros += delta;
    const key = functionKey(node.callFrame);
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
  });
  const idle = selfMicros.get('(idle)') ?? 0;
  const busy = totalMicros - idle;
  const rows = [...selfMicros.entries()]
    .filter(([key]) => key !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%  ${key}`);
  return [
    `busy ${(busy / 1e6).toFixed(2)} s of ${(totalMicros / 1e6).toFixed(2)} s sampled; self time, share of busy:`,
    ...rows,
  ].join('\n');
}

const [file, top] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 30)));
