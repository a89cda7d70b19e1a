// The token secret format: generate, checksum and parse. Pure: randomness comes in as bytes.
//
// tsr_<type letter><key version digit>_<43 base62 body><6 base62 CRC-32 checksum>
// The body is 32 random bytes (256 bits of entropy, far beyond NIST SP 800-63B's 112-bit floor),
// read as one unsigned big-endian integer and written in base62. The checksum lets Tessera and
// secret scanners reject a mistyped or foreign string without any storage lookup.
import { crc32 } from 'node:zlib';
import type { TOKEN_TYPES } from './token-fields.js';

export const SECRET_PREFIX = 'tsr_';
export const SECRET_REGEX = /^tsr_[as][0-9]_[0-9A-Za-z]{49}$/;
export const SECRET_RANDOM_BYTES = 32;
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
export const SECRET_LENGTH = SECRET_PREFIX.length + 3 + BODY_LENGTH + CHECKSUM_LENGTH;
const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type TokenType = (typeof TOKEN_TYPES)[number];
const TYPE_LETTER: Readonly<Record<TokenType, string>> = { api: 'a', session: 's' };

export interface ParsedSecret {
  readonly type: TokenType;
  readonly keyVersion: number;
}

export function encodeBase62(value: bigint, width: number): string {
  let digits = '';
  let rest = value;
  while (rest > 0n) {
    digits = BASE62_ALPHABET[Number(rest % 62n)] + digits;
    rest /= 62n;
  }
  if (digits.length > width)
    throw new RangeError(`value needs ${digits.length} base62 digits, more than ${width}`);
  return digits.padStart(width, '0');
}

function checksumOf(text: string): string {
  return encodeBase62(BigInt(crc32(Buffer.from(text, 'ascii'))), CHECKSUM_LENGTH);
}

/** Builds a secret from exactly 32 random bytes. Throws on misuse (wrong byte count or version). */
export function formatSecret(type: TokenType, keyVersion: number, randomBytes: Uint8Array): string {
  if (randomBytes.length !== SECRET_RANDOM_BYTES)
    throw new RangeError('a secret needs exactly 32 random bytes');
  if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > 9)
    throw new RangeError('key version is 0-9');
  const body = encodeBase62(BigInt(`0x${Buffer.from(randomBytes).toString('hex')}`), BODY_LENGTH);
  const head = `${SECRET_PREFIX}${TYPE_LETTER[type]}${keyVersion}_${body}`;
  return head + checksumOf(head);
}

/** Parses a presented secret; `null` for anything that is not a well-formed Tessera secret. */
export function parseSecret(candidate: string): ParsedSecret | null {
  if (candidate.length !== SECRET_LENGTH || !SECRET_REGEX.test(candidate)) return null;
  const head = candidate.slice(0, SECRET_LENGTH - CHECKSUM_LENGTH);
  if (checksumOf(head) !== candidate.slice(SECRET_LENGTH - CHECKSUM_LENGTH)) return null;
  return { type: candidate[4] === 's' ? 'session' : 'api', keyVersion: candidate.charCodeAt(5) - 48 };
}

/** A Tessera secret anywhere inside a text (a pasted secret: the checksum does not matter). */
export const SECRET_IN_TEXT = new RegExp(SECRET_REGEX.source.slice(1, -1));

// Anything that starts like a Tessera secret, up to the next delimiter, in any letter case: wider than
// the format, so a secret cut short or run into other characters is masked too.
const SECRET_SHAPE = /tsr_[^\s/?&#"'<>,;]*/gi;

/** The text with every secret-shaped part masked: for error details and logged URLs. */
export function maskSecretShapes(text: string): string {
  return text.replace(SECRET_SHAPE, 'tsr_[REDACTED]');
}

/**
 * Where in a JSON value (a key or a string, at any depth) a Tessera secret sits: its path such as
 * `metadata.note` or `scopes[2]`, or null when there is none. JSON bodies nest at most 32 deep.
 */
export function findSecretInJson(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return SECRET_IN_TEXT.test(value) ? path || 'the body' : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findSecretInJson(value[index], `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (SECRET_IN_TEXT.test(key)) return `a key of ${path || 'the body'}`;
      const found = findSecretInJson(item, here);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The last four characters, kept for display so people can tell their tokens apart. */
export function secretHint(secret: string): string {
  return secret.slice(-4);
}
