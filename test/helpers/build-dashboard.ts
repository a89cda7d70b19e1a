// vitest globalSetup of the sqlite project: the browser tests drive the built dashboard (web/dist), so
// it is built once before them when missing or older than any of its sources (or the SDK it bundles).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function dashboardIsStale(): boolean {
  const built = join(ROOT, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'packages/client/src'].map((p) =>
    newestMtime(join(ROOT, p)),
  );
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export default function setup(): void {
  if (!dashboardIsStale()) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // vitest sets NODE_ENV=test, which would make Vite emit Preact's development JSX: build what ships.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync(npm, ['run', 'build', '-w', '@tessera/client'], { cwd: ROOT, stdio: 'inherit', env });
  execFileSync(npm, ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit', env });
}
