// formatTimestamp is Date#toISOString without a Date per call: held to it exactly, on the days a
// token lives in, at every edge of a day, and outside four-digit years (where it hands over to Date).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../../src/core/time.js';

const TEN_THOUSAND_AD_MS = 253_402_300_800_000;
const MS_PER_DAY = 86_400_000;

/** What Date answers: its string, or the error it throws (an invalid time). */
function dateAnswer(epochMs: number): string {
  try {
    return new Date(epochMs).toISOString();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

function ourAnswer(epochMs: number): string {
  try {
    return formatTimestamp(epochMs);
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

describe('formatTimestamp', () => {
  it('answers what Date#toISOString answers, for every millisecond it is given', () => {
    const reached = { ownFormat: 0, handedToDate: 0 };
    const instants = fc.oneof(
      // The years tokens live in, to the millisecond.
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }),
      // Either side of midnight, of a second and of the ends of four-digit years.
      fc
        .tuple(fc.integer({ min: 0, max: 2_900_000 }), fc.integer({ min: -2, max: 2 }))
        .map(([day, offset]) => day * MS_PER_DAY + offset),
      fc.integer({ min: TEN_THOUSAND_AD_MS - 3, max: TEN_THOUSAND_AD_MS + 3 }),
      // Before the epoch, beyond Date's range, fractions and non-numbers: handed to Date as they are.
      fc.integer({ min: -8.64e15 - 5, max: -1 }),
      fc.integer({ min: 8.64e15 - 5, max: 8.64e15 + 5 }),
      fc.double({ min: 0, max: 4e12, noNaN: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 0, 0.5, Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(instants, (epochMs) => {
        const own = Number.isInteger(epochMs) && epochMs >= 0 && epochMs < TEN_THOUSAND_AD_MS;
        if (own) reached.ownFormat++;
        else reached.handedToDate++;
        expect(ourAnswer(epochMs)).toBe(dateAnswer(epochMs));
      }),
      { numRuns: 20_000 },
    );
    console.info('formatTimestamp cases:', reached);
    expect(reached.ownFormat).toBeGreaterThan(5_000);
    expect(reached.handedToDate).toBeGreaterThan(5_000);
  });

  it('stays exact after its table of days has been filled and emptied', () => {
    for (let day = 0; day < 10_000; day++) {
      const epochMs = day * 3 * MS_PER_DAY + ((day * 7_919) % MS_PER_DAY);
      expect(formatTimestamp(epochMs)).toBe(new Date(epochMs).toISOString());
    }
  });
});
