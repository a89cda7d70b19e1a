// Identifiers: random, prefixed by what they name, and safe in URLs.
import { encodeBase62 } from '../core/secret.js';
import type { RandomSource } from './deps.js';

/** 128 random bits in 22 base62 characters: unguessable and collision-free in practice. */
export function newId(random: RandomSource, prefix: 'tok' | 'mem' | 'ten'): string {
  return `${prefix}_${encodeBase62(BigInt(`0x${random.bytes(16).toString('hex')}`), 22)}`;
}

/** Audit ids sort by time: a fixed-width hex timestamp first, then randomness to keep them unique. */
export function newEventId(random: RandomSource, nowMs: number): string {
  return `evt_${nowMs.toString(16).padStart(12, '0')}${random.bytes(8).toString('hex')}`;
}
