// `tessera scanner-rules gitleaks|trufflehog|github`: a ready rule for a company's own secret scanner,
// so it finds Tessera tokens in code and logs. Offline: it needs no server and no database.
import { type Command, InvalidArgumentError } from 'commander';
import { githubPattern, SCANNERS, type Scanner, scannerRule } from '../../core/scanner-rules.js';

export function registerScannerRulesCommand(program: Command): void {
  program
    .command('scanner-rules')
    .summary('print a rule that finds Tessera tokens, for gitleaks, trufflehog or GitHub')
    .description(
      'Print a secret scanning rule for Tessera tokens, built from the token format:\n' +
        '  gitleaks    a TOML config extending the default rules (save as .gitleaks.toml)\n' +
        '  trufflehog  a custom detector in YAML (trufflehog … --config FILE)\n' +
        '  github      the fields of a GitHub secret scanning custom pattern\n' +
        'None of these scanners can run the CRC-32 check in a rule; `tessera token verify` can.',
    )
    .helpGroup('Operations:')
    .argument('<scanner>', SCANNERS.join(', '), (value: string) => {
      if (!(SCANNERS as readonly string[]).includes(value))
        throw new InvalidArgumentError(`one of ${SCANNERS.join(', ')}`);
      return value as Scanner;
    })
    .addHelpText('after', '\nExample:\n  tessera scanner-rules gitleaks > .gitleaks.toml && gitleaks detect')
    .action((scanner: Scanner, _options: unknown, command: Command) => {
      const json = (command.optsWithGlobals() as { json?: boolean }).json === true;
      if (json && scanner === 'github') process.stdout.write(`${JSON.stringify(githubPattern())}\n`);
      else process.stdout.write(scannerRule(scanner));
    });
}
