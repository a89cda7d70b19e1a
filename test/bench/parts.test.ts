// Which parts of `npm run bench` a run has: a short run must be able to pick the doors, peer and
// PostgreSQL stages alone, and a full run leave either out.
import { describe, expect, it } from 'vitest';
import { partsToRun } from '../../bench/lib/settings.js';

describe('bench parts', () => {
  it('runs every part by default', () => {
    expect([...partsToRun({})]).toEqual(['core', 'peer', 'doors', 'postgres']);
  });

  it('runs only the parts TESSERA_BENCH_ONLY names', () => {
    expect([...partsToRun({ TESSERA_BENCH_ONLY: 'peer, postgres' })]).toEqual(['peer', 'postgres']);
    expect([...partsToRun({ TESSERA_BENCH_ONLY: 'doors' })]).toEqual(['doors']);
  });

  it('leaves out the peer or PostgreSQL when its switch is 0', () => {
    expect([...partsToRun({ TESSERA_BENCH_PEER: '0' })]).toEqual(['core', 'doors', 'postgres']);
    expect([...partsToRun({ TESSERA_BENCH_POSTGRES: '0', TESSERA_BENCH_ONLY: 'postgres,peer' })]).toEqual([
      'peer',
    ]);
  });

  it('refuses a part it does not know, rather than running nothing', () => {
    expect(() => partsToRun({ TESSERA_BENCH_ONLY: 'peers' })).toThrow(/unknown part peers/);
  });
});
