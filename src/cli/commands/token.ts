// `tessera token create --owner`: a new owner token on the local database, for when the first is lost.
import type { Command } from 'commander';
import { parseConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { issueOwnerToken } from '../../services/tenants.js';
import { withLocalDeps } from '../with-deps.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('manage tokens directly on the local database');
  token
    .command('create')
    .description('create a token directly in the database (needs access to the database and server key)')
    .requiredOption('--owner', 'create an owner token for the first owner of the tenant')
    .option('--tenant <id>', 'tenant id (default: the operator tenant made at first start)')
    .action(async (options: { owner: boolean; tenant?: string }) => {
      const config = parseConfig(process.env);
      // Logs go to stderr here so stdout carries only the secret, for scripts.
      const issued = await withLocalDeps(config, createLogger(config.logLevel, process.stderr), (deps) =>
        issueOwnerToken(deps, options.tenant),
      );
      process.stderr.write(`New owner token ${issued.token.id} (shown once; store it safely):\n`);
      process.stdout.write(`${issued.secret}\n`);
    });
}
