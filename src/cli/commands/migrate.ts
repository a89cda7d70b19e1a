// `tessera migrate`: bring the database schema up to date (the server also does this at start).
// Local: it opens the database itself, and nothing else.
import type { Command } from 'commander';
import { parseConfig } from '../../config.js';
import { withStoreOnly } from '../with-deps.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create or update the database schema, then exit (local: opens the database directly)')
    .action(async () => {
      await withStoreOnly(parseConfig(process.env), (store) => store.migrate());
      process.stdout.write('database schema is up to date\n');
    });
}
