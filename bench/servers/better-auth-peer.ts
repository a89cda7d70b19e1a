// The peer: better-auth with its API-key plugin, set up as its docs say (better-sqlite3 database,
// `apiKey()` plugin, the schema from its own migrations), with the same SQLite pragmas Tessera uses
// so both databases are durable alike. It issues `count` keys through its own API (a user signs up,
// the server creates keys for them) and answers POST /verify {"token"} with `auth.api.verifyApiKey`,
// the server-side verification its docs show, on plain node:http. Keys go to `keysFile` for the load.
// Run as: bench/servers/better-auth-peer.ts <settings file>.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import Database from 'better-sqlite3';

interface Settings {
  readonly dbPath: string;
  readonly count: number;
  readonly keysFile: string;
}

const settings = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Settings;
const database = new Database(settings.dbPath);
database.pragma('journal_mode = WAL');
database.pragma('synchronous = FULL');

const options = {
  database,
  secret: randomBytes(32).toString('base64url'),
  baseURL: 'http://127.0.0.1',
  emailAndPassword: { enabled: true },
  logger: { level: 'error' as const },
  telemetry: { enabled: false },
  // The plugin's default limit is 10 verifications per key per day; Tessera has no per-token limit,
  // so both verify without one (the plugin still records each key's last request).
  plugins: [apiKey({ rateLimit: { enabled: false } })],
};
const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);

const signedUp = await auth.api.signUpEmail({
  body: { email: 'bench@example.com', password: randomBytes(16).toString('hex'), name: 'bench' },
});
const keys: string[] = [];
for (let index = 0; index < settings.count; index++) {
  const created = await auth.api.createApiKey({
    body: { name: `bench-${index}`, userId: signedUp.user.id },
  });
  keys.push(created.key);
}
writeFileSync(settings.keysFile, JSON.stringify(keys));

const MALFORMED = Buffer.from(JSON.stringify({ valid: false, code: 'malformed' }));

async function answer(body: Buffer): Promise<Buffer> {
  let parsed: { token?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8')) as { token?: unknown };
  } catch {
    return MALFORMED;
  }
  if (typeof parsed.token !== 'string') return MALFORMED;
  const result = await auth.api.verifyApiKey({ body: { key: parsed.token } });
  return Buffer.from(
    JSON.stringify(
      result.valid
        ? { valid: true, code: 'valid', token: { id: result.key?.id } }
        : { valid: false, code: result.error?.code ?? 'invalid' },
    ),
  );
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    answer(Buffer.concat(chunks)).then(
      (bytes) => {
        // A rejected key is a 401, so the load generator counts it as not-2xx.
        const status = bytes.includes('"valid":true') ? 200 : 401;
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
        response.end(bytes);
      },
      () => {
        response.writeHead(500).end();
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
