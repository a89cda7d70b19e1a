// Starting the servers under test as child processes: the bench's own node:http servers (bare,
// ideal) announce their port on stdout; Tessera is started as `npm start` would, on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeededToken } from './seed.js';
import { ROOT } from './settings.js';
import { WORK, writeWorkFile } from './workspace.js';

export interface Server {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
}

export interface TesseraServer extends Server {
  /** The owner token Tessera prints on its first start, for the authenticated stages. */
  readonly ownerToken: string;
}

const TESSERA_LOG = join(WORK, 'tessera.log');
const SERVERS_DIR = fileURLToPath(new URL('../servers/', import.meta.url));

/** Waits for `pattern` on the child's stdout (or in `logFile`) and returns its first group. */
async function waitForLine(child: ChildProcess, pattern: RegExp, logFile?: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
  });
  while (Date.now() < deadline) {
    const text = logFile === undefined ? seen : readFileSync(logFile, 'utf8');
    const match = pattern.exec(text);
    if (match) return match[1]!;
    if (child.exitCode !== null) throw new Error(`process exited: ${text.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} within 60 s`);
}

/** Starts one of bench/servers/ and waits for its "listening <port>" line. */
async function startHelperServer(name: string, script: string, args: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(SERVERS_DIR, script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await waitForLine(child, /listening (\d+)/);
  return { name, url: `http://127.0.0.1:${port}`, process: child };
}

export function startBare(): Promise<Server> {
  return startHelperServer('bare', 'bare-server.ts');
}

export interface PeerServer extends Server {
  /** The keys better-auth issued, each a valid one for its verifier. */
  readonly keys: readonly string[];
}

/** better-auth with its API-key plugin on a SQLite file of its own, having issued `count` keys. */
export async function startPeer(count: number): Promise<PeerServer> {
  const keysFile = join(WORK, 'peer-keys.json');
  const settings = writeWorkFile('peer', { dbPath: join(WORK, 'better-auth.db'), count, keysFile });
  const server = await startHelperServer('better-auth', 'better-auth-peer.ts', [settings]);
  return { ...server, keys: JSON.parse(readFileSync(keysFile, 'utf8')) as string[] };
}

/** The ideal verifier knows exactly `tokens`, handed over in a file. */
export function startIdeal(secretKey: string, tokens: readonly SeededToken[]): Promise<Server> {
  return startHelperServer('ideal', 'ideal-verifier.ts', [writeWorkFile('ideal', { secretKey, tokens })]);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startTessera(
  dataDir: string,
  secretKey: string,
  extraEnv: Record<string, string> = {},
  /** A second Tessera (the PostgreSQL stage's) logs to a file of its own, so its owner token is its. */
  logFile = TESSERA_LOG,
): Promise<TesseraServer> {
  const port = await freePort();
  const out = openSync(logFile, 'a');
  // Exactly what `npm start` runs after its build, with production settings and default logging.
  // BENCH_PROFILE_DIR: Tessera writes a V8 CPU profile there when it stops, for the per-function
  // summaries a performance note quotes (the run's ratios then carry the profiler's cost too).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'dist/src/cli/main.js'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_SECRET_KEY: secretKey,
      DATABASE_URL: '',
      REDIS_URL: '',
      // Import prefixes on, so the bad-checksum flood shows it still makes no store query with them.
      TESSERA_IMPORT_PREFIXES: 'sk_live_,fst_',
      ...extraEnv,
    },
    stdio: ['ignore', out, out],
  });
  const ownerToken = await waitForLine(child, /^(tsr_\S+)$/m, logFile);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name: 'tessera', url, process: child, ownerToken };
}

export const TESSERA_POSTGRES_LOG = join(WORK, 'tessera-postgres.log');

/** Tessera's last log lines, for the error message when a run fails. */
export function tesseraLogTail(lines: number, logFile = TESSERA_LOG): string {
  if (!existsSync(logFile)) return '(no log)';
  return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
}
