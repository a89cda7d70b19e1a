// Rate-limit counters shared by every instance, in Redis: one INCR per hit on a key per token and
// window, expiring with the window. If Redis cannot answer, the hit is counted by this instance alone
// (SPEC: without Redis one instance works fully with local counters) and Redis is tried again later.
import { decideHit, type RateDecision, type RateLimitSetting, windowStartOf } from '../core/rate-limit.js';
import type { LoggerLike } from '../services/deps.js';
import { type Limiter, LocalLimiter } from '../services/limiter.js';

/** The one Redis command this module needs, so it depends on a shape rather than the package. */
export interface RedisLike {
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

// INCR and set the expiry in one step: a crash between the two can never leave a key that lives forever.
const COUNT_HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export class RedisLimiter implements Limiter {
  private readonly local = new LocalLimiter();
  private degradedSince: number | null = null;

  constructor(
    private readonly redis: RedisLike,
    private readonly logger: LoggerLike,
  ) {}

  /** Whether the last hit fell back to local counters (for /readyz and metrics). */
  get degraded(): boolean {
    return this.degradedSince !== null;
  }

  async peek(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision> {
    try {
      const count = Number((await this.redis.get(this.keyOf(tokenId, setting, nowMs))) ?? 0);
      return decideHit(count, setting, nowMs);
    } catch {
      return this.local.peek(tokenId, setting, nowMs);
    }
  }

  private keyOf(tokenId: string, setting: RateLimitSetting, nowMs: number): string {
    return `tessera:ratelimit:${tokenId}:${setting.windowSeconds}:${windowStartOf(setting, nowMs)}`;
  }

  async hit(tokenId: string, setting: RateLimitSetting, nowMs: number): Promise<RateDecision> {
    const key = this.keyOf(tokenId, setting, nowMs);
    try {
      const count = Number(await this.redis.eval(COUNT_HIT, 1, key, setting.windowSeconds * 1000 + 1000));
      if (this.degradedSince !== null) {
        this.logger.info(
          { downForMs: nowMs - this.degradedSince },
          'Redis answers again: rate limits are shared again',
        );
        this.degradedSince = null;
      }
      return decideHit(count, setting, nowMs);
    } catch (error) {
      if (this.degradedSince === null) {
        this.degradedSince = nowMs;
        this.logger.warn({ err: error }, 'Redis unavailable: rate limits fall back to this instance alone');
      }
      return this.local.hit(tokenId, setting, nowMs);
    }
  }
}
