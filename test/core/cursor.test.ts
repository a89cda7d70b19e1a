// Keyset cursors: signed, bound to their listing, carrying the walk's total; cursors given out before
// totals were carried (three fields) still decode, and their page counts again.
import { createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/core/cursor.js';

const key = createSecretKey(Buffer.alloc(32, 7));

/** The v1 wire format, written out here so that a change to it fails this test. */
function signedV1(fields: unknown[]): string {
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  const signature = createHmac('sha256', key)
    .update(`tessera cursor v1\n${payload}`)
    .digest()
    .subarray(0, 16);
  return `${payload}.${signature.toString('base64url')}`;
}

describe('cursor', () => {
  it('round-trips position and total, and only for its own listing', () => {
    const cursor = encodeCursor(key, { value: 5, id: 'tok_a' }, 'fp1', 42);
    expect(decodeCursor(key, cursor, 'fp1')).toEqual({
      position: { value: 5, id: 'tok_a' },
      totalItems: 42,
    });
    expect(decodeCursor(key, cursor, 'fp2')).toBeNull();
    expect(cursor).toBe(signedV1([5, 'tok_a', 'fp1', 42]));
  });

  it('a position by a text sort value (a name) round-trips; a value of another type is refused', () => {
    const cursor = encodeCursor(key, { value: 'deploy-bot', id: 'tok_b' }, 'fp1', 3);
    expect(decodeCursor(key, cursor, 'fp1')?.position).toEqual({ value: 'deploy-bot', id: 'tok_b' });
    expect(decodeCursor(key, signedV1([null, 'tok_a', 'fp1', 1]), 'fp1')).toBeNull();
    expect(decodeCursor(key, signedV1([[1], 'tok_a', 'fp1', 1]), 'fp1')).toBeNull();
  });

  it('a three-field cursor from before still decodes, with no total', () => {
    expect(decodeCursor(key, signedV1([5, 'tok_a', 'fp1']), 'fp1')).toEqual({
      position: { value: 5, id: 'tok_a' },
      totalItems: null,
    });
  });

  it('a total that is not a number, or a bad signature, is refused', () => {
    expect(decodeCursor(key, signedV1([5, 'tok_a', 'fp1', '42']), 'fp1')).toBeNull();
    const [payload] = signedV1([5, 'tok_a', 'fp1', 1]).split('.');
    expect(decodeCursor(key, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`, 'fp1')).toBeNull();
  });
});
