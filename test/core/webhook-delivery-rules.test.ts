// The pure rules under webhook delivery: the retry schedule and its jitter bound, sealing of signing
// secrets (round trip, fresh IV, tamper and wrong-key refusal), the Standard Webhooks signature
// against a vector computed here independently, and the address classes of the SSRF guard.
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETRY_FOR_MS, retryDelayMs } from '../../src/core/backoff.js';
import { openSealed, sealValue } from '../../src/core/sealing.js';
import { parseServerKeyRing, type ServerKeyRing } from '../../src/core/server-key.js';
import { signatureHeader } from '../../src/core/webhook-signature.js';
import { addressRefusal } from '../../src/services/webhooks/address-guard.js';

const ring = (entries: string) => parseServerKeyRing(entries) as ServerKeyRing;
const key = () => randomBytes(32).toString('base64url');

describe('retry schedule', () => {
  it('about 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 2 h, each within ±20 %', () => {
    const plan = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 7_200_000, 7_200_000];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: plan.length }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const delay = retryDelayMs(n, r);
          const base = plan[n - 1]!;
          return delay >= base * 0.8 - 1 && delay <= base * 1.2 + 1;
        },
      ),
    );
    expect(retryDelayMs(1, 0.5)).toBe(5_000);
    expect(retryDelayMs(7, 0.5)).toBe(7_200_000);
    // Enough attempts fit in the 24 h window for the schedule to reach its 2-hourly tail.
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < RETRY_FOR_MS) elapsed += retryDelayMs(++attempts, 0.5);
    expect(attempts).toBeGreaterThan(10);
  });
});

describe('sealing signing secrets', () => {
  it('opens what it sealed; a fresh IV each time; tampering, another key or a removed version yield null', () => {
    const keys = ring(`1:${key()}`);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const first = sealValue(keys, secret, randomBytes(12));
    const second = sealValue(keys, secret, randomBytes(12));
    expect(first).not.toBe(second);
    expect(first.startsWith('1.')).toBe(true);
    expect(first).not.toContain(secret.slice(6, 30));
    expect(openSealed(keys, first)).toBe(secret);
    const [version, iv, body] = first.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openSealed(keys, `${version}.${iv}.${flipped.toString('base64url')}`)).toBeNull();
    expect(openSealed(ring(`1:${key()}`), first)).toBeNull();
    expect(openSealed(ring(`2:${key()}`), first)).toBeNull();
    expect(openSealed(keys, 'not.sealed')).toBeNull();
    // After a server-key rotation the old version still opens what it sealed.
    const rotated = ring(`2:${key()},1:${keysEntry(keys)}`);
    expect(openSealed(rotated, first)).toBe(secret);
    expect(sealValue(rotated, secret, randomBytes(12)).startsWith('2.')).toBe(true);
  });
});

/** The `1:<base64url>` entry of a one-key ring, rebuilt from its KeyObject. */
function keysEntry(keys: ServerKeyRing): string {
  return keys.current.key.export().toString('base64url');
}

describe('Standard Webhooks signature', () => {
  it('is v1,base64(HMAC-SHA256(decoded secret, id.timestamp.body)), one per secret, space-separated', () => {
    const raw = randomBytes(32);
    const other = randomBytes(32);
    const body = '{"type":"token.created","timestamp":"2031-01-01T00:00:00.000Z","data":{}}';
    const expected = (bytes: Buffer) =>
      `v1,${createHmac('sha256', bytes).update(`evt_1.1900000000.${body}`).digest('base64')}`;
    expect(signatureHeader([`whsec_${raw.toString('base64')}`], 'evt_1', 1_900_000_000, body)).toBe(
      expected(raw),
    );
    expect(
      signatureHeader(
        [`whsec_${raw.toString('base64')}`, `whsec_${other.toString('base64')}`],
        'evt_1',
        1_900_000_000,
        body,
      ),
    ).toBe(`${expected(raw)} ${expected(other)}`);
  });
});

describe('SSRF address classes', () => {
  it.each([
    ['169.254.169.254', true, 'link-local'],
    ['::ffff:169.254.169.254', true, 'link-local'],
    ['::ffff:a9fe:a9fe', true, 'link-local'],
    ['fe80::1', true, 'link-local'],
    ['fd00:ec2::254', true, 'link-local'],
    ['100.100.100.200', true, 'link-local'],
    ['224.0.0.1', true, 'link-local'],
    ['127.0.0.1', false, 'loopback or private'],
    ['::1', false, 'loopback or private'],
    ['::ffff:127.0.0.1', false, 'loopback or private'],
    ['::ffff:7f00:1', false, 'loopback or private'],
    ['10.2.3.4', false, 'loopback or private'],
    ['172.31.255.255', false, 'loopback or private'],
    ['192.168.0.1', false, 'loopback or private'],
    ['100.64.0.1', false, 'loopback or private'],
    ['0.0.0.0', false, 'loopback or private'],
    ['::', false, 'loopback or private'],
    ['fc00::1', false, 'loopback or private'],
    ['64:ff9b::7f00:1', false, 'loopback or private'],
  ])('%s is refused (even with allow-private: %s)', (address, always, reason) => {
    expect(addressRefusal(address, false)).toContain(reason);
    if (always) expect(addressRefusal(address, true)).toContain(reason);
    else expect(addressRefusal(address, true)).toBeNull();
  });

  it.each(['93.184.216.34', '172.32.0.1', '192.0.2.1', '2606:4700::1111', '::ffff:93.184.216.34'])(
    '%s is a public address',
    (address) => {
      expect(addressRefusal(address, false)).toBeNull();
    },
  );
});
