// package.json's `engines` is the truth about the Node versions Tessera runs on: every version it
// admits is admitted by every installed package too (production and development: `npm ci` checks
// them all and warns EBADENGINE for any that refuses the running Node), it admits the two that CI
// runs the suite on (the machine's Node 20 and scripts/with-node24.sh's Node 24), and the Node
// running this test. A dependency bump that drops Node 20 fails here, not as a warning nobody reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly engines?: { readonly node?: string };
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;
const declared = read(join(ROOT, 'package.json')).engines?.node ?? '';

/** Every package installed under a node_modules folder, nested ones included. */
function installed(modules: string): { where: string; manifest: Manifest }[] {
  if (!existsSync(modules)) return [];
  const folders = readdirSync(modules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => join(entry, name)) : [entry],
    );
  return folders.flatMap((folder) => {
    const where = join(modules, folder);
    const file = join(where, 'package.json');
    const self = existsSync(file) ? [{ where, manifest: read(file) }] : [];
    return [...self, ...installed(join(where, 'node_modules'))];
  });
}

describe('engines', () => {
  it('is a valid range that admits Node 20.19+ and 24, and the Node running this test', () => {
    expect(semver.validRange(declared), declared).not.toBeNull();
    const ciNode24 = /TESSERA_NODE24_VERSION:-([0-9.]+)/.exec(
      readFileSync(join(ROOT, 'scripts/with-node24.sh'), 'utf8'),
    )?.[1];
    expect(ciNode24).toMatch(/^24\./);
    for (const version of ['20.19.0', ciNode24 ?? '', process.versions.node]) {
      expect(semver.satisfies(version, declared), `${version} in ${declared}`).toBe(true);
    }
    expect(semver.satisfies('20.18.0', declared)).toBe(false);
  });

  it('admits only Node versions that every installed package declares it supports', () => {
    const packages = installed(join(ROOT, 'node_modules'));
    expect(packages.length).toBeGreaterThan(100);
    const refusing = packages
      .filter(({ manifest }) => typeof manifest.engines?.node === 'string')
      // npm reads a range it cannot parse as refusing every Node.
      .filter(({ manifest }) => {
        const wanted = semver.validRange(manifest.engines?.node ?? '*');
        return wanted === null || !semver.subset(declared, wanted);
      })
      .map(({ manifest }) => `${manifest.name}@${manifest.version} wants node ${manifest.engines?.node}`);
    expect(refusing).toEqual([]);
  });
});
