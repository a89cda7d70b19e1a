// The layout's boundaries, read from the imports (ARCHITECTURE "The shape"): the core does no I/O and
// reads no clock, randomness or environment; a vendor dialect never reaches the store; the SDK and
// the dashboard never import the server's source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file imports (static and dynamic), resolved to a repository path where relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statics = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm)];
  const bare = [...text.matchAll(/^import\s*['"]([^'"]+)['"]/gm)];
  const dynamic = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)];
  const specifiers = [...statics, ...bare, ...dynamic].map((match) => match[1]!);
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative(ROOT, resolve(file, '..', specifier)) : specifier,
  );
}

/** Node built-ins the core may use: pure computation (hashes and HMACs, CRC-32, IP parsing), no I/O. */
const CORE_BUILTINS = new Set(['node:crypto', 'node:zlib', 'node:net']);

describe('boundaries', () => {
  it('src/core imports nothing with I/O and nothing outside the core; it reads no clock, randomness or environment', () => {
    const files = sourceFiles(join(ROOT, 'src/core'));
    expect(files.length).toBeGreaterThan(10);
    const offences: string[] = [];
    for (const file of files) {
      const where = relative(ROOT, file);
      for (const imported of importsOf(file)) {
        const inCore = imported.startsWith('src/core/');
        if (!inCore && !CORE_BUILTINS.has(imported)) offences.push(`${where} imports ${imported}`);
      }
      const text = readFileSync(file, 'utf8');
      for (const forbidden of ['process.env', 'Date.now(', 'Math.random(', 'new Date()'])
        if (text.includes(forbidden)) offences.push(`${where} uses ${forbidden}`);
    }
    console.log(`boundaries: ${files.length} core files read`);
    expect(offences).toEqual([]);
  });

  it('the vendor dialects (src/http/compat) never import the store', () => {
    const offences = sourceFiles(join(ROOT, 'src/http/compat')).flatMap((file) =>
      importsOf(file)
        .filter((imported) => imported.startsWith('src/store'))
        .map((imported) => `${relative(ROOT, file)} imports ${imported}`),
    );
    expect(offences).toEqual([]);
  });

  it('packages/ and web/ never import the server source', () => {
    const files = [...sourceFiles(join(ROOT, 'packages')), ...sourceFiles(join(ROOT, 'web'))];
    const offences = files.flatMap((file) =>
      importsOf(file)
        .filter(
          (imported) =>
            imported.startsWith('src/') || imported.includes('/src/core') || imported.includes('../src/'),
        )
        .map((imported) => `${relative(ROOT, file)} imports ${imported}`),
    );
    expect(offences).toEqual([]);
  });

  it('the SDK imports only its own modules: no node: built-in, no package (it has no runtime dependencies)', () => {
    const files = sourceFiles(join(ROOT, 'packages/client/src'));
    expect(files.length).toBeGreaterThan(5);
    const offences = files.flatMap((file) =>
      importsOf(file)
        .filter((imported) => !imported.startsWith('packages/client/src/'))
        .map((imported) => `${relative(ROOT, file)} imports ${imported}`),
    );
    expect(offences).toEqual([]);
  });

  it('the checks catch what they look for', () => {
    // A guard that cannot fail proves nothing: the import reader sees the imports of a known file.
    expect(importsOf(join(ROOT, 'src/core/secret.ts'))).toContain('node:zlib');
    expect(importsOf(join(ROOT, 'src/main.ts'))).toContain('ioredis');
  });
});
