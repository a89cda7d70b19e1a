// A production install from a fresh checkout (SPEC "Build and start"; issue 20, item 2): build once
// with the dev dependencies, then runtime dependencies only (what `npm ci --omit=dev` installs: the
// lockfile's non-dev packages, copied from this checkout's node_modules, since the registry is not
// for tests) — and `npm start` serves from the built JavaScript without TypeScript, the README's
// recovery command works, and SIGTERM to `npm start` stops the server itself (no orphan). SQLite only.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'tessera-prod-'));
const checkout = join(work, 'tessera');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment of an operator's shell: no npm lifecycle variables, no dev tools on PATH. */
function operatorEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('npm_') && !name.startsWith('VITEST') && name !== 'NODE_OPTIONS') env[name] = value;
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => !entry.includes('node_modules'))
    .join(':');
  return { ...env, ...extra };
}

/** What a clone has: the files git tracks (and new ones it does not ignore), nothing built. */
async function freshCheckout(): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter((name) => name !== '')) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    if (file === 'node_modules') continue; // a worktree's symlink to a shared one, not a source file
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    cpSync(join(ROOT, file), join(checkout, file));
  }
}

/** `npm ci --omit=dev`'s result: every package the lockfile does not mark dev, the workspace linked. */
function productionModules(): void {
  const lock = JSON.parse(readFileSync(join(checkout, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean; resolved?: string }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Top-level packages only: a package's own nested node_modules come with it.
    if (!path.startsWith('node_modules/') || path.slice(13).includes('node_modules/') || entry.dev) continue;
    const target = join(checkout, path);
    mkdirSync(dirname(target), { recursive: true });
    if (entry.link) symlinkSync(join(checkout, entry.resolved!), target);
    else if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), target, { recursive: true });
  }
}

function waitForListening(child: ChildProcess, output: { text: string }, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${timeoutMs} ms:\n${output.text}`)),
      timeoutMs,
    );
    const look = () => {
      const match = /Tessera listening on (http:\/\/[^ "]+)/.exec(output.text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', (chunk) => {
      output.text += chunk;
      look();
    });
    child.stderr!.on('data', (chunk) => {
      output.text += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited ${code}:\n${output.text}`));
    });
  });
}

const timings: Record<string, number> = {};
async function timed<T>(label: string, step: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await step();
  timings[label] = Math.round(performance.now() - started);
  return result;
}

beforeAll(async () => {
  await timed('checkout', freshCheckout);
  // Build once, where the dev dependencies are.
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
  await timed('build', () => run('npm', ['run', 'build'], { cwd: checkout, env: operatorEnv({}) }));
  unlinkSync(join(checkout, 'node_modules'));
  await timed('production modules', productionModules);
}, 240_000);

afterAll(() => console.log(`production install, ms: ${JSON.stringify(timings)}`));

describe('a production install', () => {
  it('has no TypeScript, tsx or vitest, and its build is current', async () => {
    for (const tool of ['typescript', 'tsx', 'vitest', '@biomejs/biome'])
      expect(existsSync(join(checkout, 'node_modules', tool)), tool).toBe(false);
    await run(process.execPath, ['scripts/build-state.mjs', 'check'], { cwd: checkout });
  });

  it('npm start serves from the built JavaScript; the recovery command works; SIGTERM stops it all', async () => {
    const dataDir = join(work, 'data');
    const env = operatorEnv({ PORT: '0', TESSERA_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const npm = spawn('npm', ['start'], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { text: '' };
    const url = await timed('npm start to listening', () => waitForListening(npm, output, 30_000));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(output.text).not.toMatch(/build-state: building/);

    // The README's recovery for a lost owner token, with runtime dependencies only.
    const recovered = await run(process.execPath, ['dist/src/cli/main.js', 'admin', 'owner-token'], {
      cwd: checkout,
      env,
    });
    const owner = recovered.stdout.trim();
    expect(owner).toMatch(/^tsr_a\d_[0-9A-Za-z]{49}$/);
    const self = await fetch(`${url}/v1/tokens/self`, { headers: { authorization: `Bearer ${owner}` } });
    expect(self.status).toBe(200);

    // SIGTERM to npm reaches the server (npm start execs node): npm exits 0 and nothing listens.
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    npm.kill('SIGTERM');
    const code = await exited;
    timings['SIGTERM to exit'] = Math.round(performance.now() - started);
    expect(code, output.text).toBe(0);
    expect(output.text).toMatch(/shut down/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('refuses to start, saying what to do, when the sources are newer than the build', async () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(checkout, 'src/main.ts'), future, future);
    const started = await run('npm', ['start'], { cwd: checkout, env: operatorEnv({ PORT: '0' }) }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(started).not.toBeNull();
    expect(started!.stderr).toMatch(/src\/main\.ts changed after the last build/);
    expect(started!.stderr).toMatch(/npm ci --omit=dev/);
  });
});
