// Whether the build output is current: `npm start` runs this first (prestart), so a checkout with no
// build, or sources newer than the build, is built before serving, while a production install
// (`npm ci --omit=dev`, no TypeScript) whose build is current starts with runtime dependencies only.
//
//   node scripts/build-state.mjs stamp    after a build: records that the output is current
//   node scripts/build-state.mjs check    exit 0 when current, 1 (saying why) when missing or stale
//   node scripts/build-state.mjs ensure   build when missing or stale (needs the dev dependencies)
//
// Current means: the stamp exists, the built CLI exists, and no file under the build's inputs is newer
// than the stamp. Modification times, not contents: a checkout, an edit or a `git pull` all make an
// input newer, and reading mtimes costs a few milliseconds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
const OUTPUTS = [
  'dist/src/cli/main.js',
  'packages/client/dist/index.js',
  ...(existsSync(join(ROOT, 'web/package.json')) ? ['web/dist/index.html'] : []),
];
/** What `npm run build` compiles: the server, the SDK, and the dashboard where there is one. */
const INPUT_DIRS = ['src', 'packages/client/src', 'web/src'];
const INPUT_FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  'packages/client/tsconfig.json',
  'packages/client/package.json',
  'web/package.json',
  'web/index.html',
  'web/vite.config.ts',
  'web/tsconfig.json',
];

/** The newest modification time under `path` (a file or a directory), and which file has it. */
function newest(path, found = { mtimeMs: 0, path: null }) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return found; // an input that does not exist (no dashboard yet) changes nothing
  }
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) newest(join(path, entry), found);
  } else if (stats.mtimeMs > found.mtimeMs) {
    found.mtimeMs = stats.mtimeMs;
    found.path = path;
  }
  return found;
}

/** null when current, else why not. */
export function staleness() {
  if (!existsSync(STAMP)) return 'no build yet (dist/.build-stamp is missing)';
  const missing = OUTPUTS.find((output) => !existsSync(join(ROOT, output)));
  if (missing !== undefined) return `${missing} is missing`;
  const stampMs = statSync(STAMP).mtimeMs;
  const latest = { mtimeMs: 0, path: null };
  for (const input of [...INPUT_DIRS, ...INPUT_FILES]) newest(join(ROOT, input), latest);
  if (latest.mtimeMs > stampMs) return `${latest.path.slice(ROOT.length + 1)} changed after the last build`;
  return null;
}

function hasTypeScript() {
  try {
    createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
    return true;
  } catch {
    return false;
  }
}

const command = process.argv[2];
if (command === 'stamp') {
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
} else if (command === 'check') {
  const why = staleness();
  if (why !== null) {
    console.error(`build-state: stale: ${why}`);
    process.exit(1);
  }
} else if (command === 'ensure') {
  const why = staleness();
  if (why !== null) {
    if (!hasTypeScript()) {
      console.error(
        `build-state: the build is not current (${why}), and this install has no TypeScript ` +
          '(a production install, npm ci --omit=dev). Build where the dev dependencies are ' +
          '(npm ci && npm run build), then install for production; see README "Production install".',
      );
      process.exit(1);
    }
    console.error(`build-state: building: ${why}`);
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  }
} else {
  console.error('usage: node scripts/build-state.mjs stamp|check|ensure');
  process.exit(2);
}
