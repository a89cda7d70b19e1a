// docs/seed-coverage.md names tests; each named test must exist, so the table cannot drift from the suite.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const table = readFileSync(new URL('docs/seed-coverage.md', root), 'utf8');

describe('seed coverage table', () => {
  const rows = table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*seed item/.test(line) && !/^\|[\s|:-]+$/.test(line));
  it('has rows, and every served row names a test that exists', () => {
    expect(rows.length).toBeGreaterThan(40);
    let served = 0;
    for (const row of rows) {
      const cells = row.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim());
      const [testCell, status] = [cells[2]!, cells[3]!];
      if (!status.startsWith('served')) {
        expect(status, row).toMatch(/^open \(issue \d+/);
        continue;
      }
      served++;
      const match = /^([\w-]+) › (.+)$/.exec(testCell.trim());
      expect(match, row).not.toBeNull();
      const source = readFileSync(new URL(`test/http/${match![1]}.test.ts`, root), 'utf8');
      const title = match![2]!;
      expect(source.includes(title), `${match![1]}: ${title}`).toBe(true);
    }
    console.info(`seed coverage: ${served} rows served, ${rows.length - served} open`);
  });
});
