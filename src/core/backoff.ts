// When a failed delivery is tried again (SPEC "Delivery"): about 5 s, 30 s, 2 min, 10 min, 30 min,
// 1 h, then every 2 h, each with at most ±20 % jitter so endpoints that failed together do not get
// retried together; after 24 h of trying the delivery is `failed`. Pure: the caller brings the dice.

const SCHEDULE_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000] as const;
const THEN_EVERY_MS = 7_200_000;
export const RETRY_FOR_MS = 24 * 3_600_000;
export const JITTER_FRACTION = 0.2;

/**
 * The wait after the `failedAttempts`-th failed attempt (1 = the first), jittered by `unitRandom`
 * (uniform in [0, 1)): within ±20 % of the schedule's value.
 */
export function retryDelayMs(failedAttempts: number, unitRandom: number): number {
  const base = SCHEDULE_MS[failedAttempts - 1] ?? THEN_EVERY_MS;
  return Math.round(base * (1 + (unitRandom * 2 - 1) * JITTER_FRACTION));
}
