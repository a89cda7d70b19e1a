// evaluateRateLimit: a fixed-window counter decision. Pure: state and time in, decision and next state
// out; the limiter that stores the state applies it (in memory here, in Redis across instances).

export interface RateLimitSetting {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface WindowState {
  readonly windowStartMs: number;
  readonly count: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  readonly resetAtMs: number;
  /** Whole seconds until the window resets, at least 1: the Retry-After of a refusal. */
  readonly retryAfterSeconds: number;
  readonly next: WindowState;
}

/** The fixed window `nowMs` falls in: windows start at multiples of their length. */
export function windowStartOf(setting: RateLimitSetting, nowMs: number): number {
  const windowMs = setting.windowSeconds * 1000;
  return nowMs - (nowMs % windowMs);
}

/** Every call counts as one hit; the hit beyond `limit` in a window is refused. */
export function evaluateRateLimit(
  state: WindowState | null,
  setting: RateLimitSetting,
  nowMs: number,
): RateDecision {
  const windowStartMs = windowStartOf(setting, nowMs);
  const count = (state !== null && state.windowStartMs === windowStartMs ? state.count : 0) + 1;
  return decideHit(count, setting, nowMs);
}

/** The decision for the `count`-th hit of the current window, however the count was kept. */
export function decideHit(count: number, setting: RateLimitSetting, nowMs: number): RateDecision {
  const windowStartMs = windowStartOf(setting, nowMs);
  const resetAtMs = windowStartMs + setting.windowSeconds * 1000;
  return {
    allowed: count <= setting.limit,
    limit: setting.limit,
    remaining: Math.max(0, setting.limit - count),
    resetAtMs,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000)),
    next: { windowStartMs, count },
  };
}
