#!/usr/bin/env node
// The `tessera` command: serve, migrate, and local token and tenant management.
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerOpenApiCommand } from './commands/openapi.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTokenCommands } from './commands/token.js';

const program = new Command()
  .name('tessera')
  .description(
    'Tessera: issue, store, verify and manage API tokens.\nSettings come from the environment (see README).',
  )
  .showHelpAfterError();
registerServeCommand(program);
registerMigrateCommand(program);
registerTokenCommands(program);
registerOpenApiCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof ConfigError ? error.message : `tessera: ${(error as Error).message ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
