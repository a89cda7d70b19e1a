// `tessera login`, `logout`, `whoami`: profiles in the config file, checked against the server.

import { readFileSync } from 'node:fs';
import { Tessera, TesseraError } from '@tessera/client';
import type { Command } from 'commander';
import { configPath, DEFAULT_PROFILE, readConfigFile, writeConfigFile } from '../config-file.js';
import { type GlobalOptions, nonEmpty, optionsOf, remoteOf, warnTokenOnArgv } from '../context.js';
import { CliError, UsageError } from '../exit-codes.js';
import { Output } from '../output.js';

/** A secret typed at a prompt that echoes nothing. */
function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const finish = (result: string | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (result === null) reject(new CliError('cancelled', 130));
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(value);
        if (character === '\u0003' || character === '\u0004') return finish(null);
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on('data', onData);
  });
}

async function tokenToLogIn(options: GlobalOptions, out: Output): Promise<string> {
  if (options.token !== undefined) {
    warnTokenOnArgv(options, out);
    return options.token;
  }
  if (process.stdin.isTTY) return (await readHidden('Token (input hidden): ')).trim();
  return readFileSync(0, 'utf8').trim();
}

export function registerSessionCommands(program: Command): void {
  program
    .command('login')
    .summary('save a profile: a server URL and a token (read from stdin or a hidden prompt)')
    .description(
      'Check a token against the server and save it as a profile in\n' +
        `${configPath()} (mode 0600). The token is read from stdin or a hidden prompt;\n` +
        '--token works too but is visible to other users of the machine.',
    )
    .helpGroup('Session:')
    .option('--token <token>', 'the token itself (works, but other users can see argv: prefer stdin)')
    .addHelpText(
      'after',
      '\nExamples:\n  tessera login --url https://tessera.example.com\n  echo "$TOKEN" | tessera login --url http://127.0.0.1:8080 --profile ci',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = optionsOf<object>(command);
      const out = new Output(options);
      const path = configPath();
      const config = readConfigFile(path);
      const name = options.profile ?? DEFAULT_PROFILE;
      const url = options.url ?? nonEmpty(process.env.TESSERA_URL) ?? config.profiles[name]?.url;
      if (url === undefined) throw new UsageError('give the server with --url URL (or TESSERA_URL)');
      const token = await tokenToLogIn(options, out);
      if (token === '') throw new UsageError('no token given (on stdin, at the prompt, or with --token)');
      const self = await new Tessera({ baseUrl: url, token }).tokens.self();
      writeConfigFile(path, {
        ...config,
        current_profile: name,
        profiles: { ...config.profiles, [name]: { url, token } },
      });
      if (out.mode === 'json') return out.json({ profile: name, url, token: self });
      out.note(`Logged in to ${url} as ${self.id} "${self.name}" (profile ${name}, saved in ${path}).`);
    });

  program
    .command('logout')
    .summary("forget a profile's token")
    .helpGroup('Session:')
    .action(async (_options: unknown, command: Command) => {
      const options = optionsOf<object>(command);
      const path = configPath();
      const config = readConfigFile(path);
      const name = options.profile ?? config.current_profile ?? DEFAULT_PROFILE;
      const profile = config.profiles[name];
      if (profile === undefined) throw new CliError(`no profile "${name}" in ${path}`);
      writeConfigFile(path, { ...config, profiles: { ...config.profiles, [name]: { url: profile.url } } });
      new Output(options).note(`Logged out of profile ${name} (${profile.url}).`);
    });

  program
    .command('whoami')
    .summary('the server, token and member the CLI acts as')
    .helpGroup('Session:')
    .action(async (_options: unknown, command: Command) => {
      const { client, url, out } = remoteOf(command);
      const self = await client.tokens.self();
      let member: { email: string; role: string } | null = null;
      if (self.owner_id !== null) {
        try {
          member = await client.members.get(self.owner_id);
        } catch (error) {
          // A token without members:read still says who it is; only its member's details are missing.
          if (!(error instanceof TesseraError && error.status === 403)) throw error;
        }
      }
      const answer = {
        url,
        token: { id: self.id, name: self.name },
        member: member === null ? null : { email: member.email, role: member.role },
      };
      if (out.mode === 'json') return out.json(answer);
      out.object(
        answer,
        [
          { header: 'url', value: (a) => a.url },
          { header: 'token', value: (a) => `${a.token.id} "${a.token.name}"` },
          {
            header: 'member',
            value: (a) => (self.service ? 'service token (the tenant)' : (a.member?.email ?? self.owner_id)),
          },
          { header: 'role', value: (a) => a.member?.role ?? self.role },
        ],
        (a) => a.token.id,
      );
    });
}
