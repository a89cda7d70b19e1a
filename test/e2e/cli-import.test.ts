// `tessera token import FILE.ndjson` as a real process against a real server: 10,000 keys of another
// system streamed in batches, progress shown on a terminal, refused lines named by number (never
// echoing a secret), a rerun that stores nothing twice; and `tessera scanner-rules` for each scanner.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatSecret, parseSecret } from '../../src/core/secret.js';
import { runCli } from '../helpers/processes.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';

vi.setConfig({ testTimeout: 240_000 });

const ROOT = join(import.meta.dirname, '..', '..');
let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-import-'));
  server = await startTestServer({ env: { TESSERA_IMPORT_PREFIXES: 'sk_live_' } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const vendorSecret = () => `sk_live_${randomBytes(24).toString('base64url')}`;
const env = () => ({
  TESSERA_URL: server.url,
  TESSERA_TOKEN: server.ownerToken,
  HOME: dir,
  XDG_CONFIG_HOME: dir,
});

describe('tessera token import', () => {
  it('imports 10,000 lines with progress on a terminal; both forms verify afterwards', async () => {
    const secrets = Array.from({ length: 10_000 }, vendorSecret);
    const lines = secrets.map((secret, index) =>
      JSON.stringify(
        index % 2 === 0
          ? { name: `legacy-${index}`, secret, role: 'reader' }
          : { name: `legacy-${index}`, secret_sha256: createHash('sha256').update(secret).digest('hex') },
      ),
    );
    const file = join(dir, 'keys.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const startedAt = performance.now();
    // `script` gives the CLI a terminal, so its progress line is drawn as a person would see it.
    // Asynchronously: the server under test runs in this process and must keep answering.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        'script',
        ['-qefc', `${process.execPath} --import tsx src/cli/main.ts token import ${file}`, '/dev/null'],
        { cwd: ROOT, env: { ...process.env, ...env(), NO_COLOR: '1' } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const killer = setTimeout(() => child.kill('SIGKILL'), 200_000);
      child.on('exit', (status) => {
        clearTimeout(killer);
        resolve({ status, stdout, stderr });
      });
    });
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(
      `CLI import of 10,000 tokens (${process.env.TESSERA_TEST_BACKEND ?? 'sqlite'}): ${seconds.toFixed(1)} s, ` +
        `${(10_000 / seconds).toFixed(0)} tokens/s (process start included)`,
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ imported, 0 refused \(line \d+\)…/);
    expect(run.stdout).toMatch(/Imported 10000 tokens; 0 refused/);
    for (const secret of secrets.slice(0, 5)) expect(run.stdout).not.toContain(secret);
    for (const index of [0, 1, 4998, 9999]) {
      const verdict = await call(server, 'POST', '/v1/verify', { body: { token: secrets[index] } });
      expect(verdict.body.valid, `line ${index + 1}`).toBe(true);
    }
  });

  it('names refused lines by number without echoing them, exits 1, and a rerun stores nothing twice', async () => {
    const good = vendorSecret();
    const weak = 'sk_live_aaaaaaaaaaaaaaaaaa';
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(
      file,
      [JSON.stringify({ name: 'ok', secret: good }), 'not json', '', JSON.stringify({ secret: weak })].join(
        '\n',
      ),
    );
    const first = await runCli(['token', 'import', file], env(), 60_000);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/line 2: not a JSON object/);
    expect(first.stderr).toMatch(/line 4: an imported secret is too weak/);
    expect(first.stderr).toMatch(/Imported 1 token; 2 refused/);
    expect(first.stderr).not.toContain(weak);
    const again = await runCli(['--json', 'token', 'import', file], env(), 60_000);
    const answer = JSON.parse(again.stdout);
    expect(answer.imported).toBe(0);
    expect(answer.data[0]).toMatchObject({ line: 1, status: 409 });
    expect(again.code).toBe(1);
    const missing = await runCli(['token', 'import', join(dir, 'nope.ndjson')], env(), 60_000);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.ndjson \(ENOENT\)/);
  });
});

/** Every text file the repository tracks: no rule may match anything in our own source. */
function trackedText(): string {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  return files
    .filter((file) => file !== '' && !/\.(png|jpg|ico|woff2?|gz)$/.test(file))
    .map((file) => {
      try {
        return execFileSync('cat', [join(ROOT, file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      } catch {
        return '';
      }
    })
    .join('\n');
}

describe('tessera scanner-rules', () => {
  const rule = async (scanner: string) => {
    const run = await runCli(['scanner-rules', scanner], {}, 60_000);
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };

  it('prints rules the scanners parse; their regexes find 1,000 generated secrets in text and nothing in this repository', async () => {
    const gitleaks = parseToml(await rule('gitleaks')) as {
      rules: { regex: string; keywords: string[]; secretGroup: number }[];
    };
    const trufflehog = parseYaml(await rule('trufflehog')) as {
      detectors: { keywords: string[]; regex: { token: string } }[];
    };
    const github = await rule('github');
    const githubFormat = /^Secret format:\s+(\S+)$/m.exec(github)![1]!;
    expect(gitleaks.rules[0]!.keywords).toEqual(['tsr_']);
    expect(trufflehog.detectors[0]!.keywords).toEqual(['tsr_']);
    const patterns = {
      gitleaks: new RegExp(gitleaks.rules[0]!.regex, 'g'),
      trufflehog: new RegExp(trufflehog.detectors[0]!.regex.token, 'g'),
      github: new RegExp(`(?:^|[^0-9A-Za-z_-])(${githubFormat})(?:$|[^0-9A-Za-z_-])`, 'g'),
    };
    const secrets = Array.from({ length: 1000 }, (_, index) =>
      formatSecret(index % 2 === 0 ? 'api' : 'session', index % 10, randomBytes(32)),
    );
    const text = secrets
      .map((secret, index) => `line ${index}: export TOKEN="${secret}"; curl -H 'x: ${secret}'`)
      .join('\n');
    // One-character edits that break the checksum. A rule's format cannot run the CRC-32, so edits
    // that keep the shape still match the shape; those that break it must not; parseSecret (what
    // `tessera token verify` and the server run) refuses every one.
    let shapeKept = 0;
    let shapeBroken = 0;
    const edits = secrets.map((secret, index) => {
      const at = 8 + (index % 48);
      const replacement = index % 3 === 0 ? '-' : secret[at] === 'x' ? 'y' : 'x';
      return `${secret.slice(0, at)}${replacement}${secret.slice(at + 1)}`;
    });
    for (const [name, pattern] of Object.entries(patterns)) {
      const found = [...text.matchAll(pattern)].map((match) => match[1]);
      expect(found.length, name).toBe(2000);
      expect(new Set(found), name).toEqual(new Set(secrets));
      for (const edit of edits) {
        expect(parseSecret(edit)).toBeNull();
        const matched = [...` ${edit} `.matchAll(new RegExp(pattern.source, 'g'))].length > 0;
        if (edit.includes('-')) {
          expect(matched, `${name} on ${edit.length}-char edit`).toBe(false);
          shapeBroken++;
        } else shapeKept++;
      }
    }
    console.log(
      `scanner rules: 1,000 secrets found by each; of 1,000 edits ${shapeBroken / 3} break the shape (never matched), ${shapeKept / 3} keep it (the checksum tells them apart)`,
    );
    const source = trackedText();
    for (const [name, pattern] of Object.entries(patterns))
      expect([...source.matchAll(new RegExp(pattern.source, 'g'))].length, name).toBe(0);
  });

  it('refuses an unknown scanner as a usage error', async () => {
    const run = await runCli(['scanner-rules', 'semgrep'], {}, 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/gitleaks, trufflehog, github/);
  });
});
