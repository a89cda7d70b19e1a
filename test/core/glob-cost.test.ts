// Glob matching and containment: right answers against independent oracles, and a cost bounded in
// counted steps (not milliseconds) for adversarial patterns: many `*`, long alternating runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globCovers, globMatches, globsMayOverlap, type WorkMeter } from '../../src/core/globs.js';
import { type Authority, CONTAINMENT_BUDGET_STEPS, measureWithin } from '../../src/core/permissions.js';
import type { PolicyStatement } from '../../src/core/policy.js';
import { childLiterals, longResource, wideParentGlobs } from '../fixtures/adversarial-globs.js';
import { BASE_AUTHORITY } from '../fixtures/authority.js';

/** Oracle: the textbook dynamic program over (glob position, value position); quadratic but exact. */
function oracleMatches(glob: string, value: string): boolean {
  let row = new Array<boolean>(value.length + 1).fill(false);
  row[0] = true;
  for (const char of glob) {
    const next = new Array<boolean>(value.length + 1).fill(false);
    if (char === '*') {
      let any = false;
      for (let index = 0; index <= value.length; index++) {
        any = any || row[index]!;
        next[index] = any;
      }
    } else {
      for (let index = 1; index <= value.length; index++)
        next[index] = row[index - 1]! && value[index - 1] === char;
    }
    row = next;
  }
  return row[value.length]!;
}

/** Oracle for containment: the memoised walk Tessera used before (an inner `*` only an outer `*` absorbs). */
function oracleCovers(outer: string, inner: string): boolean {
  const memo = new Map<string, boolean>();
  const walk = (o: number, i: number): boolean => {
    const key = `${o},${i}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (o === outer.length) result = i === inner.length;
    else if (outer[o] === '*') result = walk(o + 1, i) || (i < inner.length && walk(o, i + 1));
    else result = i < inner.length && inner[i] !== '*' && inner[i] === outer[o] && walk(o + 1, i + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

const smallAlphabet = fc.constantFrom('a', 'b', '*', ':');
const glob = fc.array(smallAlphabet, { maxLength: 12 }).map((chars) => chars.join(''));
const value = fc.array(fc.constantFrom('a', 'b', ':'), { maxLength: 16 }).map((chars) => chars.join(''));

describe('glob matching', () => {
  it('agrees with the dynamic-programming oracle, matches and refusals alike', () => {
    const reached = { matched: 0, refused: 0 };
    fc.assert(
      fc.property(glob, value, (pattern, text) => {
        const expected = oracleMatches(pattern, text);
        reached[expected ? 'matched' : 'refused']++;
        expect(globMatches(pattern, text)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    console.log(`glob matching: ${reached.matched} matched, ${reached.refused} refused`);
    expect(reached.matched).toBeGreaterThan(100);
    expect(reached.refused).toBeGreaterThan(100);
  });

  it('containment is exactly the old (sound) walk, covered and uncovered alike', () => {
    const reached = { covered: 0, uncovered: 0 };
    fc.assert(
      fc.property(glob, glob, (outer, inner) => {
        const expected = oracleCovers(outer, inner);
        reached[expected ? 'covered' : 'uncovered']++;
        expect(globCovers(outer, inner)).toBe(expected);
        // Sound: whatever inner matches, outer matches too (checked on inner read literally).
        if (expected) expect(oracleMatches(outer, inner.replaceAll('*', 'b'))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    console.log(`containment: ${reached.covered} covered, ${reached.uncovered} not covered`);
    expect(reached.covered).toBeGreaterThan(100);
    expect(reached.uncovered).toBeGreaterThan(100);
  });

  it('costs at most 2 × (value + glob) + 3 steps on adversarial patterns: many *, long alternating runs', () => {
    const adversarial = fc.record({
      pieces: fc.array(fc.oneof(fc.stringMatching(/^a{0,3}b?$/), fc.stringMatching(/^[ab]{0,16}$/)), {
        minLength: 1,
        maxLength: 17,
      }),
      unit: fc.constantFrom('a', 'ab', 'aab', 'aaaaaaab'),
      repeat: fc.integer({ min: 1, max: 1024 }),
      tail: fc.constantFrom('', 'b', 'ba', 'c'),
    });
    let worstRatio = 0;
    let matched = 0;
    let refused = 0;
    fc.assert(
      fc.property(adversarial, ({ pieces, unit, repeat, tail }) => {
        const pattern = pieces.join('*').slice(0, 256);
        const text = unit.repeat(repeat).slice(0, 1024) + tail;
        const meter: WorkMeter = { steps: 0 };
        if (globMatches(pattern, text, meter)) matched++;
        else refused++;
        const bound = 2 * (text.length + pattern.length) + 3;
        worstRatio = Math.max(worstRatio, meter.steps / bound);
        expect(meter.steps).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 2000 },
    );
    // The defect's own input: 9 stars, 256 characters of `a` (a backtracking regex took minutes).
    const meter: WorkMeter = { steps: 0 };
    const started = performance.now();
    expect(globMatches('*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(256), meter)).toBe(false);
    const elapsedMs = performance.now() - started;
    console.log(
      `adversarial globs: ${matched} matched, ${refused} refused, worst ${(worstRatio * 100).toFixed(0)}% of the bound; ` +
        `*a*a*a*a*a*a*a*a*a*b vs 256 × a: ${meter.steps} steps, ${elapsedMs.toFixed(3)} ms`,
    );
    expect(matched).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(meter.steps).toBeLessThanOrEqual(2 * (256 + 20) + 3);
    // A worst case for the scan: 16 pieces that almost match everywhere, against 1,024 characters.
    const worstGlob = `*${Array.from({ length: 15 }, () => `${'a'.repeat(14)}b`).join('*')}*`;
    const worstValue = 'a'.repeat(1024);
    const worst: WorkMeter = { steps: 0 };
    const worstStarted = performance.now();
    for (let round = 0; round < 1000; round++) globMatches(worstGlob, worstValue, worst);
    const perCallUs = ((performance.now() - worstStarted) * 1000) / 1000;
    console.log(
      `worst case (${worstGlob.length}-character glob, 16 *, vs 1,024 × a): ${worst.steps / 1000} steps, ${perCallUs.toFixed(1)} µs a call`,
    );
    expect(worst.steps / 1000).toBeLessThanOrEqual(2 * (1024 + worstGlob.length) + 3);
  });

  it('overlap is decided by heads and tails in linear steps', () => {
    const meter: WorkMeter = { steps: 0 };
    expect(globsMayOverlap('orders:*', '*:read', meter)).toBe(true);
    expect(globsMayOverlap('orders:*', 'billing:*', meter)).toBe(false);
    expect(globsMayOverlap('a*b', 'a*c', meter)).toBe(false);
    expect(meter.steps).toBeLessThanOrEqual(3 * 2 * 10);
  });
});

const base = BASE_AUTHORITY;

describe('the containment budget', () => {
  it('19 parent globs of 256 characters against 20 child literals is decided in a few hundred steps', () => {
    const parentGlobs = wideParentGlobs();
    const parent: Authority = {
      ...base,
      policy: [{ effect: 'allow', actions: parentGlobs, resources: ['*'] }],
    };
    const literals = childLiterals();
    const started = performance.now();
    const { result, steps } = measureWithin(
      {
        role: null,
        scopes: literals,
        policy: [{ effect: 'allow', actions: literals, resources: ['*'] }],
        expiresAtMs: null,
      },
      parent,
    );
    const elapsedMs = performance.now() - started;
    console.log(`19 × 256 vs 20 literals: ${steps} steps, ${elapsedMs.toFixed(2)} ms (was 3–4 s)`);
    expect(result.within).toBe(false);
    expect(steps).toBeLessThan(CONTAINMENT_BUDGET_STEPS);
  });

  it('a check never spends more than its budget plus one glob operation, and then refuses as too complex', () => {
    const resource = longResource;
    const policy: PolicyStatement[] = [
      {
        effect: 'allow',
        actions: ['*'],
        resources: [...Array.from({ length: 47 }, (_, i) => `${resource(i)}y`), 'a/*'],
      },
    ];
    const parent: Authority = { ...base, policy };
    const child = {
      role: null,
      scopes: [],
      policy: [
        {
          effect: 'allow' as const,
          actions: ['orders:read'],
          resources: Array.from({ length: 48 }, (_, i) => `${resource(i)}z`),
        },
      ],
      expiresAtMs: null,
    };
    const started = performance.now();
    const spent = measureWithin(child, parent);
    const elapsedMs = performance.now() - started;
    console.log(`past the budget: ${spent.steps} steps, ${elapsedMs.toFixed(2)} ms`);
    expect(spent.result).toMatchObject({ within: false, tooComplex: true });
    // One glob operation costs at most 2 × (1,024 + 1,024) + 3 steps.
    expect(spent.steps).toBeLessThanOrEqual(CONTAINMENT_BUDGET_STEPS + 4 * 1024 + 3);
    // With room to spare the same question is answered, and it is "within".
    const generous = measureWithin(child, parent, 100 * CONTAINMENT_BUDGET_STEPS);
    expect(generous.result.within).toBe(true);
    // A smaller child fits the ordinary budget.
    expect(
      measureWithin(
        { ...child, policy: [{ ...child.policy[0]!, resources: child.policy[0]!.resources.slice(0, 4) }] },
        parent,
      ).result.within,
    ).toBe(true);
  });
});
