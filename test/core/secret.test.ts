// The secret format: exact encoding, parse round-trips, and the checksum catching every one-character edit.
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase62, formatSecret, parseSecret, SECRET_REGEX } from '../../src/core/secret.js';

const randomBytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const tokenType = fc.constantFrom('api' as const, 'session' as const);
const keyVersion = fc.integer({ min: 0, max: 9 });
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('secret format', () => {
  it('encodes a known value exactly as SPEC describes', () => {
    const allZero = formatSecret('api', 0, new Uint8Array(32));
    const head = `tsr_a0_${'0'.repeat(43)}`;
    expect(allZero).toBe(head + encodeBase62(BigInt(crc32(Buffer.from(head))), 6));
    const allOnes = formatSecret('session', 3, new Uint8Array(32).fill(255));
    // 2^256 - 1 in base62 fills 43 digits without padding.
    expect(allOnes.slice(7, 50)).toBe(encodeBase62(2n ** 256n - 1n, 43));
    expect(allOnes.startsWith('tsr_s3_')).toBe(true);
  });

  it('generate → parse round-trips, and every secret matches the published regex', () => {
    fc.assert(
      fc.property(tokenType, keyVersion, randomBytes32, (type, version, bytes) => {
        const secret = formatSecret(type, version, bytes);
        expect(secret).toMatch(SECRET_REGEX);
        expect(parseSecret(secret)).toEqual({ type, keyVersion: version });
      }),
      { numRuns: 500 },
    );
  });

  it('any one-character change of a secret fails the checksum', () => {
    const reached = { refused: 0, sameCharSkipped: 0 };
    fc.assert(
      fc.property(
        tokenType,
        keyVersion,
        randomBytes32,
        fc.nat(),
        fc.constantFrom(...BASE62.split(''), '_', '-', 'x', ' '),
        (type, version, bytes, positionSeed, replacement) => {
          const secret = formatSecret(type, version, bytes);
          const position = positionSeed % secret.length;
          if (secret[position] === replacement) {
            reached.sameCharSkipped++;
            return;
          }
          const edited = secret.slice(0, position) + replacement + secret.slice(position + 1);
          expect(parseSecret(edited)).toBeNull();
          reached.refused++;
        },
      ),
      { numRuns: 2000 },
    );
    console.info('one-character edits:', reached);
    expect(reached.refused).toBeGreaterThan(1500);
  });

  it('refuses foreign prefixes, wrong lengths and token ids without throwing', () => {
    const good = formatSecret('api', 0, new Uint8Array(32).fill(7));
    for (const candidate of [
      '',
      'tsr_',
      good.slice(1),
      `${good}0`,
      good.replace('tsr_', 'ghp_'),
      'tok_3nvYnAcJi4LsEzgEFfcKWJ',
      'x'.repeat(10_000),
      good.replace('tsr_a', 'tsr_b'),
    ]) {
      expect(parseSecret(candidate)).toBeNull();
    }
    expect(parseSecret(good)).not.toBeNull();
  });

  it('misuse throws: wrong byte count or key version', () => {
    expect(() => formatSecret('api', 0, new Uint8Array(31))).toThrow(RangeError);
    expect(() => formatSecret('api', 10, new Uint8Array(32))).toThrow(RangeError);
  });
});
