// The settings of lifecycle events: expiry notices, the dispatcher's pace and the SSRF switch.
// Parsed once in src/config.ts; tests shorten the intervals and the timeout, never the rules.

export interface EventSettings {
  /** The lead times of `token.expiring`, in seconds (TESSERA_EXPIRY_NOTICE, default 7d,1d). */
  readonly expiryNoticeLeadSeconds: readonly number[];
  /** How often the expiry scheduler looks (SPEC: at least every 10 s). */
  readonly expiryScanIntervalMs: number;
  /** TESSERA_WEBHOOK_ALLOW_PRIVATE: loopback and private ranges may be targets (never link-local). */
  readonly webhookAllowPrivate: boolean;
  /** An attempt without a 2xx within this long has failed (SPEC: 10 s). */
  readonly webhookTimeoutMs: number;
  /** How often a dispatcher looks for due deliveries when nothing woke it. */
  readonly webhookPollIntervalMs: number;
}

export const DEFAULT_EVENT_SETTINGS: EventSettings = {
  expiryNoticeLeadSeconds: [7 * 86_400, 86_400],
  expiryScanIntervalMs: 5_000,
  webhookAllowPrivate: false,
  webhookTimeoutMs: 10_000,
  webhookPollIntervalMs: 500,
};

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };
export const MAX_EXPIRY_NOTICES = 10;
const MAX_LEAD_SECONDS = 366 * 86_400;

/** `7d,1d,12h` → lead times in seconds, longest first; or a problem naming what is wrong. */
export function parseLeadTimes(text: string): readonly number[] | string {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0 || parts.length > MAX_EXPIRY_NOTICES)
    return `TESSERA_EXPIRY_NOTICE must list 1 to ${MAX_EXPIRY_NOTICES} lead times such as 7d,1d`;
  const seconds = new Set<number>();
  for (const part of parts) {
    const match = /^(\d{1,6})([smhdw])$/.exec(part);
    const value = match === null ? 0 : Number(match[1]) * UNIT_SECONDS[match[2]!]!;
    if (value < 1 || value > MAX_LEAD_SECONDS)
      return `TESSERA_EXPIRY_NOTICE: "${part.slice(0, 20)}" is not a lead time from 1s to 366d (a number and one of s, m, h, d, w)`;
    seconds.add(value);
  }
  return [...seconds].sort((left, right) => right - left);
}
