// A clock the test sets exactly: expiry edges are checked to the millisecond, with no sleeping.
import type { Clock } from '../../src/services/deps.js';

export class ManualClock implements Clock {
  constructor(private currentMs = Date.parse('2030-01-01T00:00:00.000Z')) {}
  nowMs(): number {
    return this.currentMs;
  }
  set(epochMs: number): void {
    this.currentMs = epochMs;
  }
  advance(ms: number): void {
    this.currentMs += ms;
  }
}
