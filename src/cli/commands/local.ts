// The local commands: they open this machine's database (and server key) directly, with the server's
// own settings from the environment, and talk to no server. Their heavy modules load only when run.
import type { Command } from 'commander';

const LOCAL = 'Local (open the database directly):';

export function registerLocalCommands(program: Command): void {
  program
    .command('serve')
    .summary('local: serve the API (creates the database, prints the first owner token once)')
    .description(
      'Serve the Tessera API. Local: opens the database itself (TESSERA_DATA_DIR or DATABASE_URL).\n' +
        'On an empty database the first start prints the first owner token, once.',
    )
    .helpGroup(LOCAL)
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 8080)')
    .option('-H, --host <host>', 'address to bind (default: $HOST or 127.0.0.1)')
    .addHelpText('after', '\nExample:\n  PORT=9000 tessera serve')
    .action(async (options: { port?: string; host?: string }) => (await import('./serve.js')).serve(options));
  program
    .command('migrate')
    .summary('local: create or update the database schema, then exit')
    .description(
      'Create or update the database schema, then exit (the server also does this at start).\nLocal: opens the database directly.',
    )
    .helpGroup(LOCAL)
    .action(async () => (await import('./migrate.js')).migrate());
  program
    .command('openapi')
    .summary("local: print the server's OpenAPI 3.1 document, without starting a server")
    .helpGroup(LOCAL)
    .action(async () => (await import('./openapi.js')).printOpenApi());
}
