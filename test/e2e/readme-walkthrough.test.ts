// The README's curl walk-through, run as written against a running server: only the two `export`
// lines the reader fills in (server address and owner token) are replaced. The script runs
// asynchronously: the server lives in this process, and a synchronous exec would block its event loop.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../helpers/server.js';

const README = new URL('../../README.md', import.meta.url);
const server = useTestServer();

function readmeBlock(marker: string): string {
  const text = readFileSync(README, 'utf8');
  const pattern = new RegExp(
    `<!-- ${marker}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`,
  );
  const block = pattern.exec(text)?.[1];
  if (block === undefined) throw new Error(`README has no ${marker} block`);
  return block;
}

const walkthroughScript = () => readmeBlock('walkthrough');

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

  it('the CLI session runs verbatim: login, whoami, create capturing the secret, list, rotate with grace, verify, revoke', async () => {
    const script = readmeBlock('cli-session');
    expect(script).toContain('--url http://127.0.0.1:8080');
    const filled = script
      .replace('--url http://127.0.0.1:8080', `--url ${server.url}`)
      .replace(/export OWNER_TOKEN=\S+/, `export OWNER_TOKEN=${server.ownerToken}`);
    const configHome = mkdtempSync(join(tmpdir(), 'tessera-readme-cli-'));
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', filled], {
        encoding: 'utf8',
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, XDG_CONFIG_HOME: configHome, TESSERA_URL: '', TESSERA_TOKEN: '' },
      });
      expect(stderr).toContain('Logged in to');
      expect(stdout).toMatch(/role\s+owner/);
      expect(stdout).toMatch(/\bdeploy-bot\b/);
      expect(stdout).toMatch(/^valid\t/m);
      const tokens = await fetch(`${server.url}/v1/tokens?name_prefix=deploy-bot&revoked=true`, {
        headers: { authorization: `Bearer ${server.ownerToken}` },
      });
      expect(((await tokens.json()) as { data: unknown[] }).data).toHaveLength(1);
      expect(stdout + stderr).not.toContain(server.ownerToken);
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  }, 120_000);
});
