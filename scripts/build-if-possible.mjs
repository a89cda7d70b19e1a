// npm's `prepare` (run by `npm install` and `npm ci`): builds the workspaces (the SDK, then the
// dashboard that bundles it) so they are usable straight after install. A production install
// (`npm ci --omit=dev`) has neither TypeScript nor Vite and needs neither: it skips, saying so,
// rather than failing the install (the dashboard then answers 503 until `npm run build`).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.log('prepare: TypeScript is not installed (a production install); the SDK build is skipped');
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', 'packages/client/tsconfig.json'], { stdio: 'inherit' });
console.log('prepare: built @tessera/client (packages/client/dist)');

let vite;
try {
  vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  console.log('prepare: Vite is not installed (a production install); the dashboard build is skipped');
  process.exit(0);
}
execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: 'web',
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
console.log('prepare: built the dashboard (web/dist)');
