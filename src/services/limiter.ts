// The rate-limit port and its in-process implementation: counters per token, per instance. (Shared
// counters across instances come with Redis; without it one instance works fully with these.)
import {
  decideHit,
  evaluateRateLimit,
  type RateDecision,
  type RateLimitSetting,
  type WindowState,
  windowStartOf,
} from '../core/rate-limit.js';

export interface Limiter {
  /** Counts one hit for the token and decides it. */
  hit(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision>;
  /** The token's current window as it stands, counting nothing (for a verification refused earlier). */
  peek(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision>;
}

/** Bounded: when full, windows that have ended are dropped first (they would count from zero anyway). */
export class LocalLimiter implements Limiter {
  private readonly windows = new Map<string, WindowState & { readonly endMs: number }>();

  constructor(private readonly maxTokens = 100_000) {}

  async hit(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision> {
    const decision = evaluateRateLimit(this.windows.get(tokenId) ?? null, setting, nowMs);
    if (!this.windows.has(tokenId) && this.windows.size >= this.maxTokens) this.evict(nowMs);
    this.windows.set(tokenId, { ...decision.next, endMs: decision.resetAtMs });
    return decision;
  }

  async peek(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision> {
    const window = this.windows.get(tokenId);
    const current = window !== undefined && window.windowStartMs === windowStartOf(setting, nowMs);
    return decideHit(current ? window.count : 0, setting, nowMs);
  }

  private evict(nowMs: number): void {
    for (const [tokenId, window] of this.windows) if (window.endMs <= nowMs) this.windows.delete(tokenId);
    // Still full: forget the oldest entry (Map keeps insertion order); that token's window restarts.
    if (this.windows.size >= this.maxTokens) this.windows.delete(this.windows.keys().next().value!);
  }
}
