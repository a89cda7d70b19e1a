// TESSERA_BOOTSTRAP_TOKEN_FILE: the first owner token written to a private file instead of stdout,
// which a log collector may keep. Created exclusively, 0600: an existing file is never written over
// (it may be someone else's, or the token of an earlier set-up that nobody read yet).
import { writeFileSync } from 'node:fs';
import { ConfigError } from './config.js';

export function writeBootstrapTokenFile(path: string, secret: string): void {
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError([
      code === 'EEXIST'
        ? `TESSERA_BOOTSTRAP_TOKEN_FILE: ${path} already exists; the first owner token is never written over a file (move it away, or name a new file)`
        : `TESSERA_BOOTSTRAP_TOKEN_FILE: cannot create ${path} (${code})`,
    ]);
  }
}

/** What stdout says instead of the banner: where the token is, never the token. */
export function bootstrapFileNotice(path: string, baseUrl: string): string {
  const rule = '='.repeat(78);
  return [
    rule,
    ' Tessera is set up. The first owner token was written to this file (mode 0600), and nowhere else:',
    '',
    `   ${path}`,
    '',
    ' Move it to your password manager or secret store, then delete the file. Try it:',
    `   curl -H "Authorization: Bearer $(cat ${path})" ${baseUrl}/v1/tokens/self`,
    rule,
    '',
  ].join('\n');
}
