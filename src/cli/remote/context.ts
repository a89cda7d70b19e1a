// What every remote command starts from: the global options, the profile, and a @tessera/client
// made from them. Precedence (SPEC): TESSERA_URL and TESSERA_TOKEN override the profile; --url and
// --profile override both.
import { Tessera } from '@tessera/client';
import type { Command } from 'commander';
import { configPath, DEFAULT_PROFILE, readConfigFile } from './config-file.js';
import { CliError, EXIT } from './exit-codes.js';
import { Output } from './output.js';

export interface GlobalOptions {
  readonly profile?: string;
  readonly url?: string;
  /** `login --token` only. */
  readonly token?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export interface Remote {
  readonly client: Tessera;
  readonly url: string;
  readonly out: Output;
}

/** The options of the command and of every command above it. */
export function optionsOf<T>(command: Command): T & GlobalOptions {
  return command.optsWithGlobals() as T & GlobalOptions;
}

/** A token on argv is visible to every user of the machine (ps, /proc): it works, but says so. */
export function warnTokenOnArgv(options: GlobalOptions, out: Output): void {
  if (options.token !== undefined)
    out.note(
      'warning: --token is visible to other users of this machine (ps); prefer `tessera login` or TESSERA_TOKEN',
    );
}

export const nonEmpty = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

export function resolveConnection(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
  const config = readConfigFile(configPath(env));
  const name = options.profile ?? config.current_profile ?? DEFAULT_PROFILE;
  const profile = config.profiles[name];
  if (options.profile !== undefined && profile === undefined)
    throw new CliError(
      `no profile "${options.profile}" in ${configPath(env)}; run: tessera login --profile ${options.profile}`,
    );
  // An explicit --profile beats the environment; otherwise the environment beats the saved profile.
  const fromEnv = options.profile === undefined;
  // An empty variable (TESSERA_URL= in a shell) means unset, as it does for every other setting.
  const url = options.url ?? (fromEnv ? nonEmpty(env.TESSERA_URL) : undefined) ?? profile?.url;
  // Only `login` takes a token on argv (a command's own --token, like audit's, is a filter).
  const token = (fromEnv ? nonEmpty(env.TESSERA_TOKEN) : undefined) ?? profile?.token;
  return { name, url, token };
}

export function remoteOf(command: Command, env: NodeJS.ProcessEnv = process.env): Remote {
  const options = optionsOf<object>(command);
  const out = new Output(options);
  const { url, token } = resolveConnection(options, env);
  if (url === undefined || token === undefined || token === '') {
    throw new CliError(
      'not logged in: run `tessera login --url URL` (or set TESSERA_URL and TESSERA_TOKEN)',
      EXIT.unauthenticated,
    );
  }
  return { client: new Tessera({ baseUrl: url, token, maxRetries: 2, timeoutMs: 30_000 }), url, out };
}
