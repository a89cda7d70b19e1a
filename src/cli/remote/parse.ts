// Option values as people type them, turned into API values, or a UsageError naming the option:
// durations (30m, 1h, 7d, 2w, PT1H), rate limits (100/60s), metadata (key=value), CIDRs, policies.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { UsageError } from './exit-codes.js';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/** Whole seconds from `90s`, `30m`, `1h`, `7d`, `2w`, `1h30m` or ISO 8601 (`PT1H`, `P1DT12H`). */
export function parseDuration(option: string, text: string): number {
  const value = text.trim();
  let seconds: number | null = null;
  const iso = ISO_DURATION.exec(value);
  if (iso && value.length > 1 && !/T$/i.test(value)) {
    const [weeks, days, hours, minutes, secs] = iso.slice(1).map((part) => Number(part ?? 0));
    seconds = weeks! * 604_800 + days! * 86_400 + hours! * 3600 + minutes! * 60 + secs!;
  } else if (/^(\d+[smhdw])+$/.test(value)) {
    seconds = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)([smhdw])/g))
      seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  if (seconds === null || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new UsageError(`${option}: "${text}" is not a duration; use e.g. 30m, 1h, 7d, 2w or PT1H`);
  }
  return seconds;
}

/** `100/60s` (or `100/1m`): at most 100 uses per 60 seconds. */
export function parseRateLimit(option: string, text: string): { limit: number; window_seconds: number } {
  const match = /^(\d+)\/(.+)$/.exec(text.trim());
  const limit = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isSafeInteger(limit) || limit < 1)
    throw new UsageError(`${option}: "${text}" is not a rate limit; use LIMIT/WINDOW, e.g. 100/60s`);
  return { limit, window_seconds: parseDuration(option, match[2]!) };
}

/** `key=value` pairs, repeated, into one object; a value that is JSON (a number, true) stays typed. */
export function parseMetadata(option: string, pairs: readonly string[]): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${option}: "${pair}" is not key=value`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw)) value = JSON.parse(raw);
    metadata[pair.slice(0, at)] = value;
  }
  return metadata;
}

/** An address block (`10.0.0.0/8`, `2001:db8::/32`) or a single address; checked here, before sending. */
export function parseCidr(option: string, text: string): string {
  const [address, prefix, ...rest] = text.trim().split('/');
  const family = isIP(address ?? '');
  const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
  const maxBits = family === 6 ? 128 : 32;
  if (
    family === 0 ||
    rest.length > 0 ||
    !Number.isInteger(bits) ||
    bits < 0 ||
    bits > maxBits ||
    prefix === ''
  ) {
    throw new UsageError(`${option}: "${text}" is not an address or a CIDR block such as 10.0.0.0/8`);
  }
  // BlockList accepts what Tessera's own matcher accepts; a block it refuses would be a 400 later.
  new BlockList().addSubnet(address!, bits, family === 6 ? 'ipv6' : 'ipv4');
  return prefix === undefined ? address! : `${address}/${bits}`;
}

/** A whole number within bounds. */
export function parseCount(option: string, text: string, minimum = 0): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum)
    throw new UsageError(`${option}: "${text}" is not a whole number${minimum > 0 ? ` ≥ ${minimum}` : ''}`);
  return value;
}

/** An RFC 3339 timestamp, normalised to UTC with milliseconds. */
export function parseTimestamp(option: string, text: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms))
    throw new UsageError(`${option}: "${text}" is not a timestamp such as 2027-01-31T12:00:00Z`);
  return new Date(ms).toISOString();
}

const STATEMENT_KEYS = new Set(['effect', 'actions', 'not_actions', 'resources', 'not_resources']);

/** A policy file: a JSON array of statements `{effect, actions | not_actions, resources | not_resources}`. */
export function readPolicyFile(option: string, path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    throw new UsageError(`${option}: ${path} is not JSON`);
  }
  const problem = policyProblem(policy);
  if (problem !== null) throw new UsageError(`${option}: ${path} is not a policy: ${problem}`);
  return policy as unknown[];
}

function policyProblem(policy: unknown): string | null {
  if (!Array.isArray(policy)) return 'expected a JSON array of statements';
  for (const [index, statement] of policy.entries()) {
    const where = `statement ${index + 1}`;
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
      return `${where} is not an object`;
    const fields = statement as Record<string, unknown>;
    for (const key of Object.keys(fields))
      if (!STATEMENT_KEYS.has(key)) return `${where} has an unknown field "${key}"`;
    if (fields.effect !== 'allow' && fields.effect !== 'deny')
      return `${where}: effect must be "allow" or "deny"`;
    if ((fields.actions === undefined) === (fields.not_actions === undefined))
      return `${where}: give exactly one of actions, not_actions`;
    for (const key of ['actions', 'not_actions', 'resources', 'not_resources']) {
      const list = fields[key];
      if (list !== undefined && (!Array.isArray(list) || !list.every((item) => typeof item === 'string')))
        return `${where}: ${key} must be an array of strings`;
    }
  }
  return null;
}
