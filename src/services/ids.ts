// Identifiers: random, prefixed by what they name, and safe in URLs.
import { encodeBase62 } from '../core/secret.js';
import type { RandomSource } from './deps.js';

/** 128 random bits in 22 base62 characters: unguessable and collision-free in practice. */
export function newId(random: RandomSource, prefix: 'tok' | 'mem' | 'ten' | 'whk'): string {
  return `${prefix}_${encodeBase62(BigInt(`0x${random.bytes(16).toString('hex')}`), 22)}`;
}

/** The last timestamp an event id used and a sequence within it: ids stay ordered within a millisecond. */
let lastEventMs = 0;
let sequenceInMs = 0;

/**
 * Audit ids sort by time: a fixed-width hex timestamp, a sequence that orders events of the same
 * millisecond in this process (and keeps order if the clock steps back), then randomness so ids from
 * several instances never collide.
 */
export function newEventId(random: RandomSource, nowMs: number): string {
  if (nowMs > lastEventMs) {
    lastEventMs = nowMs;
    sequenceInMs = 0;
  } else {
    sequenceInMs++;
  }
  const time = lastEventMs.toString(16).padStart(12, '0');
  const sequence = sequenceInMs.toString(16).padStart(8, '0');
  return `evt_${time}${sequence}${random.bytes(6).toString('hex')}`;
}
