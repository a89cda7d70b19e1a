// The README's curl walk-through, run as written against a running server: only the two `export`
// lines the reader fills in (server address and owner token) are replaced. The script runs
// asynchronously: the server lives in this process, and a synchronous exec would block its event loop.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../helpers/server.js';

const README = new URL('../../README.md', import.meta.url);
const server = useTestServer();

function walkthroughScript(): string {
  const text = readFileSync(README, 'utf8');
  const block = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    text,
  )?.[1];
  if (block === undefined) throw new Error('README has no walk-through block');
  return block;
}

describe('README walk-through', () => {
  it('runs verbatim: create, list, verify (valid), revoke (204), verify (revoked)', async () => {
    const script = walkthroughScript();
    expect(script).toContain('export TESSERA=http://127.0.0.1:8080');
    const filled = script
      .replace('export TESSERA=http://127.0.0.1:8080', `export TESSERA=${server.url}`)
      .replace(/export TOKEN=\S+/, `export TOKEN=${server.ownerToken}`);
    const { stdout: output } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', filled], {
      encoding: 'utf8',
    });
    const lines = output.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'owner-token', role: 'owner' });
    const created = JSON.parse(lines[1]!);
    expect(created).toMatchObject({ name: 'ci-deploy', scopes: ['deploy:write'], lifetime: 'temporary' });
    expect(JSON.parse(lines[2]!).data.map((token: { id: string }) => token.id)).toContain(created.id);
    expect(JSON.parse(lines[3]!)).toMatchObject({
      valid: true,
      code: 'valid',
      decision: { effect: 'allow', match: 'deploy:write' },
    });
    expect(lines[4]).toBe('204');
    expect(JSON.parse(lines[5]!)).toMatchObject({ valid: false, code: 'revoked' });
  });
});
