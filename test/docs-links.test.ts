// The repository documents itself: every relative link in its Markdown (README, SECURITY, CHANGELOG,
// docs/, the SDK's README) resolves to a file inside the repository, so a fresh clone has what its
// documents point at. Links outside it (../shared/…) are exactly what a clone lacks.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const DOCUMENTS = [
  'README.md',
  'SECURITY.md',
  'CHANGELOG.md',
  'packages/client/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Link targets outside fenced code and inline code: `[text](target)`, `[label]: target`, `<a href>`. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    targets.push(target!);
  for (const [, target] of prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(target!);
  for (const [, target] of prose.matchAll(/<a\s[^>]*href="([^"]+)"/g)) targets.push(target!);
  return targets;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

describe('documentation links', () => {
  it('finds links the way Markdown writes them, and not inside code', () => {
    expect(
      linkTargets(
        '[a](docs/x.md) [b](<y z.md>) [c](u.md "t")\n[d]: ./v.md\n`[e](no.md)`\n```\n[f](no.md)\n```',
      ),
    ).toEqual(['docs/x.md', 'u.md', './v.md']);
  });

  it.each(DOCUMENTS)('%s: every relative link resolves to a file in the repository', (document) => {
    const path = join(ROOT, document);
    expect(existsSync(path), document).toBe(true);
    const broken: string[] = [];
    for (const target of linkTargets(readFileSync(path, 'utf8'))) {
      if (isExternal(target) || target.startsWith('#')) continue;
      const file = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
      const resolved = resolve(dirname(path), file);
      const inside = !relative(ROOT, resolved).startsWith('..');
      if (!inside || !existsSync(resolved)) broken.push(target);
    }
    expect(broken, `${document} links to what a clone does not have`).toEqual([]);
  });
});
