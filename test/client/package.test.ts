// @tessera/client as users get it: the packed tarball installs into an empty project and works there,
// a strict TypeScript consumer typechecks against it with DOM types and no @types/node, and the
// browser bundle of the main entry has no `node:` import and fits in 12 KB gzipped.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PACKAGE = join(ROOT, 'packages/client');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const MAX_GZIP_BYTES = 12 * 1024;

let work: string;
let project: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tessera-client-pack-'));
  // Build from the current source, so the test never passes on a stale dist/.
  execFileSync(process.execPath, [TSC, '-p', join(PACKAGE, 'tsconfig.json')], { stdio: 'pipe' });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: PACKAGE, stdio: 'pipe' });
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack made no tarball');
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)], {
    cwd: project,
    stdio: 'pipe',
  });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('declares no dependencies, is side-effect free, and exports . and ./middleware with types', () => {
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/@tessera/client/package.json'), 'utf8'),
    );
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.type).toBe('module');
    for (const entry of ['.', './middleware']) {
      expect(manifest.exports[entry].types).toMatch(/\.d\.ts$/);
      expect(manifest.exports[entry].import).toMatch(/\.js$/);
    }
    // Only what the package needs: no sources of the server, no tests.
    const files = execFileSync('find', ['.', '-type', 'f'], {
      cwd: join(project, 'node_modules/@tessera/client'),
    })
      .toString()
      .split('\n')
      .filter(Boolean);
    expect(
      files.every((file) => file.startsWith('./dist/') || ['./package.json', './README.md'].includes(file)),
    ).toBe(true);
  });

  describe('against a real Tessera', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    it('works in the empty project: create, verify, list and an error, from plain Node', async () => {
      writeFileSync(
        join(project, 'session.mjs'),
        `import { Tessera, TesseraError } from '@tessera/client';
import { verifyRequest } from '@tessera/client/middleware';
const tessera = new Tessera({ baseUrl: process.env.URL, token: process.env.TOKEN });
const { secret, ...token } = await tessera.tokens.create({ name: 'packed', scopes: ['orders:read'], ttl: 60 });
const answer = await tessera.verify(secret, { action: 'orders:read' });
const names = [];
for await (const t of tessera.tokens.list({ per_page: 1 })) names.push(t.name);
let code = null;
try { await tessera.tokens.get('tok_0000000000000000000000'); } catch (error) { code = error instanceof TesseraError ? error.code : 'other'; }
const outcome = await verifyRequest(new Request('http://x/', { headers: { authorization: 'Bearer ' + secret } }), { baseUrl: process.env.URL });
console.log(JSON.stringify({ id: token.id, valid: answer.valid, names, code, ok: outcome.ok }));
`,
      );
      // Asynchronously: the server answers from this very process.
      const { stdout } = await promisify(execFile)(process.execPath, ['session.mjs'], {
        cwd: project,
        env: { ...process.env, URL: server.url, TOKEN: server.ownerToken },
      });
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ valid: true, code: 'not_found', ok: true });
      expect(result.names).toContain('packed');
    });
  });

  it('a strict TypeScript consumer typechecks against the declarations with DOM types and no @types/node', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022', 'dom'],
          types: [],
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { Tessera, TesseraError, type Token, type TokenWithSecret, type VerifyAnswer } from '@tessera/client';
import { tesseraExpress, tesseraFastify, tesseraHono, verifyRequest } from '@tessera/client/middleware';

export async function session(baseUrl: string, token: string): Promise<string> {
  const tessera = new Tessera({ baseUrl, token, timeoutMs: 10_000, maxRetries: 2 });
  const created: TokenWithSecret = await tessera.tokens.create({ name: 'ci', scopes: ['deploy:write'], ttl: 3600 });
  const { secret, ...rest } = created;
  const plain: Token = rest;
  for await (const t of tessera.tokens.list({ type: 'api', per_page: 100 })) t.name.toUpperCase();
  const page = await tessera.tokens.list({ limit: 10 });
  if (page.hasNextPage()) await page.getNextPage();
  const total: number = page.pagination.total_items;
  const { data, etag, requestId } = await tessera.tokens.get(plain.id).withResponse();
  await tessera.tokens.update(data.id, { name: 'x' }, etag === null ? {} : { ifMatch: etag });
  await tessera.tokens.patch(data.id, [{ op: 'replace', path: '/name', value: 'y' }]);
  const rotated = await tessera.tokens.rotate(data.id, { expiry: Date.now() + 600_000 });
  await tessera.tokens.revoke(rotated.id);
  const { revoked } = await tessera.tokens.revokeMany({ permanent: false });
  const answer: VerifyAnswer = await tessera.verify(secret, { action: 'deploy:write', resource: 'apps/web' });
  try {
    await tessera.members.list();
  } catch (error) {
    if (error instanceof TesseraError && error.code === 'forbidden') return error.requestId ?? '';
  }
  const outcome = await verifyRequest(new Request(baseUrl), { baseUrl, action: 'orders:read' });
  void [tesseraExpress, tesseraFastify, tesseraHono, outcome.ok, total, revoked, requestId];
  return answer.code;
}
`,
    );
    try {
      execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, stdio: 'pipe' });
    } catch (error) {
      throw new Error(
        `the consumer does not typecheck:\n${(error as { stdout?: Buffer }).stdout?.toString()}`,
      );
    }
  });
});

describe('the browser bundle', () => {
  it('has no node: import and is at most 12 KB minified and gzipped', async () => {
    for (const entry of ['index', 'middleware']) {
      const result = await build({
        entryPoints: [join(PACKAGE, `dist/${entry}.js`)],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const imports = Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.map((i) => i.path),
      );
      expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
      const code = result.outputFiles[0]!.contents;
      const gzipped = gzipSync(code, { level: 9 }).length;
      console.log(
        `@tessera/client ${entry}: ${code.length} bytes minified, ${gzipped} bytes gzipped (limit ${MAX_GZIP_BYTES})`,
      );
      if (entry === 'index') expect(gzipped).toBeLessThanOrEqual(MAX_GZIP_BYTES);
    }
  });
});
