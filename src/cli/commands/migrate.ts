// `tessera migrate`: bring the database schema up to date (the server also does this at start).
import type { Command } from 'commander';
import { parseConfig } from '../../config.js';
import { prepareDeps } from '../../main.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema, then exit')
    .action(async () => {
      const { deps } = await prepareDeps(parseConfig(process.env));
      await deps.store.close();
      process.stdout.write('database schema is up to date\n');
    });
}
