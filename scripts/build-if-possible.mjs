// npm's `prepare` (run by `npm install` and `npm ci`): builds the workspaces (the SDK) so they are
// importable straight after install. A production install (`npm ci --omit=dev`) has no TypeScript
// and needs no SDK: it skips, saying so, rather than failing the install.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

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
