#!/usr/bin/env node
// The `tessera` command. Remote commands (tokens, people, access, audit) talk to a server through
// @tessera/client; local ones (serve, migrate, admin, openapi) open this machine's database directly
// and are loaded only when run. Failures end in one `error: …` line and the exit code of their class.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerLocalCommands } from './commands/local.js';
import { registerScannerRulesCommand } from './commands/scanner-rules.js';
import { registerAccessCommands } from './remote/commands/access.js';
import { registerAuditCommand } from './remote/commands/audit.js';
import { registerCompletionCommand } from './remote/commands/completion.js';
import { registerMemberCommands, registerTenantCommands } from './remote/commands/people.js';
import { registerSessionCommands } from './remote/commands/session.js';
import { registerRemoteTokenCommands } from './remote/commands/tokens.js';
import { EXIT, errorLineOf, exitCodeOf } from './remote/exit-codes.js';

function buildProgram(): Command {
  const program = new Command()
    .name('tessera')
    .description(
      'Tessera: issue, store, verify and manage API tokens.\n\n' +
        'Remote commands act through a server with the profile saved by `tessera login`,\n' +
        "or TESSERA_URL and TESSERA_TOKEN. Local commands open this machine's database\n" +
        "directly, with the server's own settings (see README).",
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--profile <name>', 'the saved profile to use (beats TESSERA_URL/TESSERA_TOKEN)')
    .option('--url <url>', 'the server, e.g. http://127.0.0.1:8080 (beats the profile and TESSERA_URL)')
    .option('--json', "print the API's JSON exactly (lists: one array of every item)")
    .option('-q, --quiet', 'print only ids')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  tessera login --url http://127.0.0.1:8080\n' +
        '  SECRET=$(tessera token create --name ci --scope deploy:write --ttl 1h)\n' +
        '  tessera token list --json\n\n' +
        'Exit codes: 0 ok, 1 error, 2 usage, 3 not authenticated, 4 forbidden, 5 not found,\n' +
        '6 conflict or stale If-Match, 7 server unavailable or unreachable.',
    );

  const token = program
    .command('token')
    .summary('create, list, show, update, rotate, revoke and verify tokens')
    .helpGroup('Tokens:');
  registerRemoteTokenCommands(token, {
    ownerToken: async (tenant) => (await import('./commands/admin.js')).issueOwnerTokenLocally(tenant),
  });
  registerMemberCommands(program);
  registerTenantCommands(program);
  registerAccessCommands(program);
  registerAuditCommand(program);
  registerCompletionCommand(program);
  registerScannerRulesCommand(program);
  program
    .command('version')
    .summary('print the version')
    .helpGroup('Operations:')
    .action(() => {
      process.stdout.write(`${VERSION}\n`);
    });
  registerSessionCommands(program);
  registerLocalCommands(program);
  registerAdminCommands(program);
  return program;
}

/** Help, version and usage mistakes end here: commander has printed what it had to say. */
function commanderExit(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}

// `tessera … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = commanderExit(error);
      return;
    }
    process.stderr.write(`${errorLineOf(error)}\n`);
    process.exitCode = exitCodeOf(error);
  });
