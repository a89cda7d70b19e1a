// deploy/tessera.service: systemd accepts it (systemd-analyze verify, where systemd is installed), and
// it runs the built server with node directly (so SIGTERM reaches it), with a private data directory.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const UNIT = new URL('../../deploy/tessera.service', import.meta.url).pathname;

/** section → key → values (a key may repeat, as Environment= does). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = {};
      sections[section[1]!] = current;
      continue;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    expect(pair, `not a key=value line: ${line}`).not.toBeNull();
    expect(current, `${line} outside a section`).not.toBeNull();
    const key = pair![1]!;
    current![key] = [...(current![key] ?? []), pair![2]!];
  }
  return sections;
}

const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

describe('deploy/tessera.service', () => {
  it.runIf(SYSTEMD_ANALYZE !== undefined)('passes systemd-analyze verify with nothing to say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-unit-'));
    try {
      copyFileSync(UNIT, join(dir, 'tessera.service'));
      const { stderr } = await run(SYSTEMD_ANALYZE!, ['verify', join(dir, 'tessera.service')]);
      expect(stderr.trim()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs node on the built CLI as an unprivileged user, with a private state directory', () => {
    const unit = parseUnit(readFileSync(UNIT, 'utf8'));
    const service = unit.Service!;
    expect(Object.keys(unit)).toEqual(['Unit', 'Service', 'Install']);
    expect(service.ExecStart).toEqual(['/usr/bin/node /opt/tessera/dist/src/cli/main.js serve']);
    expect(service.ExecStart![0]).not.toMatch(/npm|tsx/);
    expect(service.User).toEqual(['tessera']);
    expect(service.KillSignal).toEqual(['SIGTERM']);
    // Longer than the server's own 10 s, so systemd never kills a shutdown that is flushing.
    expect(Number(service.TimeoutStopSec![0])).toBeGreaterThan(10);
    expect(service.StateDirectoryMode).toEqual(['0700']);
    expect(service.UMask).toEqual(['0077']);
    expect(service.Environment).toContain('TESSERA_DATA_DIR=/var/lib/tessera');
    expect(service.Environment).toContain('NODE_ENV=production');
    expect(unit.Install!.WantedBy).toEqual(['multi-user.target']);
  });
});
