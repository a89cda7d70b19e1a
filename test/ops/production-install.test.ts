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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envOf, execForm, parseDockerfile } from '../helpers/dockerfile.js';

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
  // The Node running this test first (CI runs the suite on Node 20 and Node 24), and no project's
  // node_modules/.bin (npm puts them on PATH for scripts): tsc or tsx there would hide a missing one.
  env.PATH = [
    dirname(process.execPath),
    ...(process.env.PATH ?? '').split(':').filter((entry) => !/node_modules\/\.bin\/?$/.test(entry)),
  ].join(':');
  return { ...env, ...extra };
}

/** .dockerignore's patterns as one test of a path (or any folder above it), as Docker reads them. */
function dockerIgnored(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((pattern) => {
      const body = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replaceAll('\u0000', '(?:.*/)?');
      return new RegExp(`^${body}(?:/.*)?$`);
    });
  return (path) => patterns.some((pattern) => pattern.test(path));
}

/**
 * What a clone has: the files git tracks (and new ones it does not ignore), nothing built; and
 * without what .dockerignore leaves out, so the build below is also the image's build context.
 */
async function freshCheckout(): Promise<void> {
  const ignored = dockerIgnored();
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter((name) => name !== '')) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    if (file === 'node_modules') continue; // a worktree's symlink to a shared one, not a source file
    if (ignored(file)) continue;
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

/** How long `npm start` took from a checkout with node_modules and no build to answering /healthz. */
let firstStartMs = 0;

beforeAll(async () => {
  await timed('checkout', freshCheckout);
  // Build once, where the dev dependencies are: `npm start` on a checkout with no build output
  // builds it (SPEC: /healthz answers within 60 s), then serves; stopped, it leaves the build.
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
  const env = operatorEnv({ PORT: '0', TESSERA_DATA_DIR: join(work, 'dev-data') });
  const started = performance.now();
  const npm = spawn('npm', ['start'], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  const url = await waitForListening(npm, output, 120_000);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  firstStartMs = Math.round(performance.now() - started);
  timings['npm start with no build to /healthz'] = firstStartMs;
  expect(output.text).toMatch(/build-state: building: no build yet/);
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  npm.kill('SIGTERM');
  expect(await exited, output.text).toBe(0);
  unlinkSync(join(checkout, 'node_modules'));
  await timed('production modules', productionModules);
}, 240_000);

afterAll(() => console.log(`production install, ms: ${JSON.stringify(timings)}`));

describe('a checkout with node_modules and no build', () => {
  it('answers /healthz within 60 s of npm start (it builds first)', () => {
    expect(firstStartMs).toBeGreaterThan(0);
    expect(firstStartMs).toBeLessThan(60_000);
  });
});

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
    // The dashboard, built with the rest, is served from the production install too.
    const dashboard = await fetch(`${url}/ui/`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toMatch(/<script/);

    // The README's recovery for a lost owner token, with runtime dependencies only.
    const recovered = await run(process.execPath, ['dist/src/cli/main.js', 'admin', 'owner-token'], {
      cwd: checkout,
      env,
    });
    const owner = recovered.stdout.trim();
    expect(owner).toMatch(/^tsr_a\d_[0-9A-Za-z]{49}$/);
    const self = await fetch(`${url}/v1/tokens/self`, { headers: { authorization: `Bearer ${owner}` } });
    expect(self.status).toBe(200);
    // The `tessera` bin linked onto PATH as the README says, run from anywhere.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    const cli = join(checkout, JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')).bin.tessera);
    await run('sh', ['-c', `chmod +x "${cli}" && ln -s "${cli}" "${bin}/tessera"`]);
    const viaBin = await run('tessera', ['admin', 'owner-token'], {
      cwd: work,
      env: { ...env, PATH: `${bin}:${env.PATH}` },
    });
    expect(viaBin.stdout.trim()).toMatch(/^tsr_a\d_[0-9A-Za-z]{49}$/);

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

  it('runs as the Dockerfile says: the runtime stage’s files, its CMD and its HEALTHCHECK on /readyz', async () => {
    const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    const [build, runtime] = stages as [(typeof stages)[0], (typeof stages)[0]];
    // The build stage is what beforeAll did: the whole context, npm ci, npm run build, then prune
    // to runtime dependencies (which productionModules reproduces from the lockfile).
    const of = (stage: typeof build, keyword: string) =>
      stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);
    expect(of(build, 'COPY')).toEqual(['. .']);
    expect(of(build, 'RUN').filter((command) => command.startsWith('npm'))).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run build',
      'npm prune --omit=dev --no-audit --no-fund',
    ]);

    // The runtime stage, laid out in a folder: every COPY --from=build, from the build above.
    const image = join(work, 'image');
    const app = join(image, 'app');
    expect(of(runtime, 'WORKDIR')).toEqual(['/app']);
    for (const args of of(runtime, 'COPY')) {
      const parts = args.split(/\s+/);
      expect(parts[0]).toBe('--from=build');
      const sources = parts.slice(1, -1);
      const destination = join(app, parts.at(-1)!);
      for (const source of sources) {
        expect(source.startsWith('/app/'), source).toBe(true);
        const from = join(checkout, source.slice('/app/'.length));
        expect(existsSync(from), `${source} exists after the build`).toBe(true);
        const to = sources.length > 1 ? join(destination, source.split('/').at(-1)!) : destination;
        mkdirSync(dirname(to), { recursive: true });
        cpSync(from, to, { recursive: true, verbatimSymlinks: true });
      }
    }
    // The workspace link inside node_modules points at ../../packages/client: copied alongside it.
    expect(existsSync(join(app, 'node_modules/@tessera/client/dist/index.js'))).toBe(true);

    // Its RUN, on a stand-in for /data owned by whoever runs this test (the image's USER there).
    const user = of(runtime, 'USER')[0]!;
    expect(['root', '0']).not.toContain(user);
    expect(of(runtime, 'VOLUME')).toEqual(['["/data"]']);
    const volume = join(image, 'data');
    const [command] = of(runtime, 'RUN');
    expect(command).toBe(`mkdir -p /data && chown ${user}:${user} /data && chmod 0700 /data`);
    const ids = `${process.getuid!()}:${process.getgid!()}`;
    await run('sh', ['-c', command!.replaceAll('/data', volume).replace(`${user}:${user}`, ids)]);

    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const imageEnv = envOf(runtime);
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', TESSERA_DATA_DIR: '/data' });
    // Loopback here instead of every interface; the rest exactly as the image sets it.
    const env = operatorEnv({ ...imageEnv, HOST: '127.0.0.1', PORT: String(port), TESSERA_DATA_DIR: volume });
    const cmd = execForm(of(runtime, 'CMD')[0]!)!;
    expect(cmd[0]).toBe('node');
    const server = spawn(process.execPath, cmd.slice(1), {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    await waitForListening(server, output, 30_000);

    const healthcheck = of(runtime, 'HEALTHCHECK')[0]!;
    expect(healthcheck).toMatch(/\/readyz/);
    const probe = execForm(healthcheck)!;
    expect(probe[0]).toBe('node');
    const healthy = () =>
      run(process.execPath, probe.slice(1), { cwd: app, env }).then(
        () => 0,
        (error: { code: number }) => error.code,
      );
    expect(await healthy()).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/ui/`)).status).toBe(200);
    expect(of(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited, output.text).toBe(0);
    // And the check notices a server that is not there.
    expect(await healthy()).not.toBe(0);
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
