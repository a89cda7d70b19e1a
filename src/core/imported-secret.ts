// Secrets brought from another system (SPEC "Leaks and migration"): which strings may be imported, and
// which presented strings are worth a lookup as imported ones. Pure. Tessera's own format carries a
// checksum; an imported secret carries only a prefix the operator configured, so the prefix is what
// keeps a flood of made-up strings away from the store.
import { SECRET_PREFIX } from './secret.js';

/** SPEC: imported secrets are at least 20 characters; presented secrets at most 1,024. */
export const IMPORTED_SECRET_MIN_LENGTH = 20;
export const PRESENTED_SECRET_MAX_LENGTH = 1024;
/** The part after the prefix must not be a run of few characters (`sk_live_aaaaaaaaaaaaaaa`). */
export const IMPORTED_SECRET_MIN_DISTINCT = 8;
/**
 * At most this many prefixes: each presented string is compared with every one. 64 lets keys with no
 * common prefix at all (40-hex keys, base64url keys) be imported by their first character, at a cost
 * docs/migrating.md spells out.
 */
export const MAX_IMPORT_PREFIXES = 64;

const PREFIX_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,31}$/;
/** Printable ASCII without spaces: what an API key in a header can hold. */
const SECRET_CHARACTERS = /^[\x21-\x7e]+$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** TESSERA_IMPORT_PREFIXES (comma-separated) as a list, or the problem with it. */
export function parseImportPrefixes(raw: string | undefined): readonly string[] | string {
  if (raw === undefined || raw.trim() === '') return [];
  const prefixes = [...new Set(raw.split(',').map((prefix) => prefix.trim()))];
  if (prefixes.length > MAX_IMPORT_PREFIXES)
    return `TESSERA_IMPORT_PREFIXES holds at most ${MAX_IMPORT_PREFIXES} prefixes`;
  for (const prefix of prefixes) {
    if (!PREFIX_PATTERN.test(prefix))
      return `TESSERA_IMPORT_PREFIXES: "${prefix}" is not a prefix (1-32 letters, digits, _ . -, not starting with .)`;
    if (prefix.startsWith(SECRET_PREFIX))
      return `TESSERA_IMPORT_PREFIXES: "${prefix}" starts with Tessera's own ${SECRET_PREFIX}`;
  }
  return prefixes;
}

function prefixOf(candidate: string, prefixes: readonly string[]): string | undefined {
  for (const prefix of prefixes) if (candidate.startsWith(prefix)) return prefix;
  return undefined;
}

/**
 * Whether a presented string that is not a Tessera secret could be an imported one: it starts with a
 * configured prefix and has an imported secret's length. Only these cost a store lookup.
 */
export function isImportCandidate(presented: string, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return false;
  if (presented.length < IMPORTED_SECRET_MIN_LENGTH || presented.length > PRESENTED_SECRET_MAX_LENGTH)
    return false;
  // A string in Tessera's shape that failed its checksum is a typo or a forgery, never an import,
  // whatever prefixes are configured (`t` included): it is refused with no store query.
  if (presented.startsWith(SECRET_PREFIX)) return false;
  return prefixOf(presented, prefixes) !== undefined;
}

/** Why `secret` cannot be imported, or null when it can. Never echoes the secret. */
export function importedSecretProblem(secret: string, prefixes: readonly string[]): string | null {
  if (secret.startsWith(SECRET_PREFIX))
    return 'a Tessera secret is not imported: it already verifies on the installation that issued it';
  if (prefixes.length === 0)
    return 'importing secrets needs TESSERA_IMPORT_PREFIXES: the prefixes imported secrets start with';
  const prefix = prefixOf(secret, prefixes);
  if (prefix === undefined)
    return `an imported secret starts with one of the configured prefixes (${prefixes.join(', ')})`;
  if (secret.length < IMPORTED_SECRET_MIN_LENGTH)
    return `an imported secret is at least ${IMPORTED_SECRET_MIN_LENGTH} characters`;
  if (secret.length > PRESENTED_SECRET_MAX_LENGTH)
    return `an imported secret is at most ${PRESENTED_SECRET_MAX_LENGTH} characters`;
  if (!SECRET_CHARACTERS.test(secret))
    return 'an imported secret holds printable ASCII characters only, without spaces';
  if (new Set(secret.slice(prefix.length)).size < IMPORTED_SECRET_MIN_DISTINCT)
    return `an imported secret is too weak: after its prefix it needs at least ${IMPORTED_SECRET_MIN_DISTINCT} different characters`;
  return null;
}

/** A SHA-256 given as hex, in the lower case the store keeps; null when it is not 64 hex digits. */
export function normalisedSha256(hex: string): string | null {
  return SHA256_HEX.test(hex) ? hex.toLowerCase() : null;
}
