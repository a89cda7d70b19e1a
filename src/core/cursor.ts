// Opaque, tamper-evident cursors for keyset paging: the position (sort value, id) of the last item
// shown, bound to the listing it came from, signed with a key derived from the server key. A cursor
// that was edited, forged, or replayed against other filters is refused. It also carries the total
// counted when the walk began: counting a million rows on every page would cost more than the page.
import { createHash, createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 16;

/**
 * Where a keyset page starts: after this (value, id) in the listing's order. `value` is what the
 * listing sorts by (created_at by default, ms), as the store compares it.
 */
export interface KeysetPosition {
  readonly value: number | string;
  readonly id: string;
}

/** A short digest of what a listing covers (who, which tenant, which filters). */
export function listingFingerprint(listing: unknown): string {
  return createHash('sha256').update(JSON.stringify(listing)).digest('base64url').slice(0, 16);
}

function sign(key: KeyObject, payload: string): Buffer {
  return createHmac('sha256', key)
    .update(`tessera cursor v1\n${payload}`)
    .digest()
    .subarray(0, SIGNATURE_BYTES);
}

/** What a cursor holds: where the next page starts, and the total the walk began with. */
export interface DecodedCursor {
  readonly position: KeysetPosition;
  /** Null in a cursor given out before totals were carried: the page counts again. */
  readonly totalItems: number | null;
}

export function encodeCursor(
  key: KeyObject,
  position: KeysetPosition,
  fingerprint: string,
  totalItems: number,
): string {
  const payload = Buffer.from(
    JSON.stringify([position.value, position.id, fingerprint, totalItems]),
  ).toString('base64url');
  return `${payload}.${sign(key, payload).toString('base64url')}`;
}

/** What a cursor this server signed for this listing says; null for anything else. */
export function decodeCursor(key: KeyObject, cursor: string, fingerprint: string): DecodedCursor | null {
  const [payload, signature, extra] = cursor.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const [value, id, signedFingerprint, totalItems] = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      (typeof value !== 'number' && typeof value !== 'string') ||
      typeof id !== 'string' ||
      signedFingerprint !== fingerprint ||
      (typeof totalItems !== 'number' && totalItems !== undefined)
    )
      return null;
    return { position: { value, id }, totalItems: totalItems ?? null };
  } catch {
    return null;
  }
}
