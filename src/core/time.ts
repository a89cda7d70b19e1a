// Timestamps on the wire are RFC 3339 UTC strings with milliseconds; inside, integers of ms since epoch.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/i;

/** 10000-01-01: from there on (and before 1970) Date's own formatting, for its six-digit years. */
const FOUR_DIGIT_YEARS_END_MS = 253_402_300_800_000;
/** `YYYY-MM-DDT` of each day formatted lately: a token's few timestamps fall on a handful of days. */
const dayPrefixes = new Map<number, string>();
const DAY_PREFIXES_KEPT = 4096;

const twoDigits = (value: number) => (value < 10 ? `0${value}` : `${value}`);
const threeDigits = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`);

/**
 * `Date#toISOString`, exactly (a property test holds it to that), without a Date per call: every
 * answer carrying a token formats four to seven of these, a page of a list hundreds.
 */
export function formatTimestamp(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < 0 || epochMs >= FOUR_DIGIT_YEARS_END_MS)
    return new Date(epochMs).toISOString();
  const day = Math.floor(epochMs / MS_PER_DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= DAY_PREFIXES_KEPT) dayPrefixes.clear();
    prefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = epochMs - day * MS_PER_DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${prefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${threeDigits(millis)}Z`;
}

export function formatNullableTimestamp(epochMs: number | null): string | null {
  return epochMs === null ? null : formatTimestamp(epochMs);
}

/** Parses an RFC 3339 timestamp; `null` when it is not one (bad input is a value, not a throw). */
export function parseTimestamp(text: string): number | null {
  const match = RFC3339.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date.parse rolls impossible dates over (Feb 31 → Mar 3); check the calendar fields ourselves.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const offsetOk = match[9] === undefined || (Number(match[9]) < 24 && Number(match[10]) < 60);
  if (
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    !offsetOk
  )
    return null;
  const epochMs = Date.parse(text);
  return Number.isFinite(epochMs) ? epochMs : null;
}

/** The furthest instant a Date can hold (ECMAScript: ±8.64 × 10¹⁵ ms); later ones cannot be formatted. */
export const MAX_EPOCH_MS = 8.64e15;
/** 10¹¹ ms is 1973-03-03: an "ms epoch" below it is almost surely a count of seconds. */
export const MIN_PLAUSIBLE_EPOCH_MS = 1e11;

/** Why a ms-epoch input is refused (seconds by mistake, or past what a Date holds), or null. */
export function epochMsProblem(field: string, epochMs: number): string | null {
  if (!Number.isSafeInteger(epochMs) || epochMs > MAX_EPOCH_MS)
    return `${field} is beyond the representable range of timestamps (at most ${MAX_EPOCH_MS} ms)`;
  if (epochMs < MIN_PLAUSIBLE_EPOCH_MS)
    return `${field} is milliseconds since the epoch; ${epochMs} looks like seconds (multiply by 1000)`;
  return null;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
