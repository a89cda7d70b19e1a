// The CLI's profiles: $XDG_CONFIG_HOME/tessera/config.json (default ~/.config/tessera), mode 0600.
// It holds login tokens, so a file others can read is refused rather than used.
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './exit-codes.js';

export interface Profile {
  readonly url: string;
  readonly token?: string;
}

export interface ConfigFile {
  readonly current_profile?: string;
  readonly profiles: Readonly<Record<string, Profile>>;
}

export const DEFAULT_PROFILE = 'default';

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'tessera', 'config.json');
}

export function readConfigFile(path: string): ConfigFile {
  if (!existsSync(path)) return { profiles: {} };
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new CliError(
      `${path} is readable by others (mode ${mode.toString(8).padStart(4, '0')}) and holds tokens; ` +
        `run: chmod 600 ${path} (and rotate any token in it that others may have read)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(`${path} is not valid JSON; fix or remove it`);
  }
  const profiles = (parsed as { profiles?: unknown })?.profiles;
  if (typeof profiles !== 'object' || profiles === null)
    throw new CliError(`${path} has no "profiles" object`);
  return parsed as ConfigFile;
}

/** Writes the file whole, mode 0600 from its first byte (created so, then renamed over the old one). */
export function writeConfigFile(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
