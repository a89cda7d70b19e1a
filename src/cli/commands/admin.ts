// `tessera admin owner-token` (and its old spelling `token create --owner`): a new owner token
// straight on this machine's database, for when the first is lost. Local: it opens the database and
// the server key itself, and talks to no server.
import type { Command } from 'commander';
import { parseConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { issueOwnerToken } from '../../services/tenants.js';
import { withLocalDeps } from '../with-deps.js';

export async function issueOwnerTokenLocally(tenantId: string | undefined): Promise<void> {
  const config = parseConfig(process.env);
  // Logs go to stderr here so stdout carries only the secret, for scripts.
  const issued = await withLocalDeps(config, createLogger(config.logLevel, process.stderr), (deps) =>
    issueOwnerToken(deps, tenantId),
  );
  process.stderr.write(`New owner token ${issued.token.id} (shown once; store it safely):\n`);
  process.stdout.write(`${issued.secret}\n`);
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .summary('local: repair access on this machine (opens the database directly)')
    .helpGroup('Local (open the database directly):');
  admin
    .command('owner-token')
    .summary('print a new owner token for a tenant (the operator tenant by default)')
    .description(
      "Local: mint a new owner token directly in the database, with this machine's settings\n" +
        '(TESSERA_DATA_DIR or DATABASE_URL, and the server key). For when the first one is lost.',
    )
    .option('--tenant <id>', 'tenant id (default: the operator tenant made at first start)')
    .addHelpText('after', '\nExample:\n  OWNER=$(tessera admin owner-token)')
    .action((options: { tenant?: string }) => issueOwnerTokenLocally(options.tenant));
}
