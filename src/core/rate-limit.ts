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

/** Every call counts as one hit; the hit beyond `limit` in a window is refused. */
export function evaluateRateLimit(
  state: WindowState | null,
  setting: RateLimitSetting,
  nowMs: number,
): RateDecision {
  const windowMs = setting.windowSeconds * 1000;
  const windowStartMs = nowMs - (nowMs % windowMs);
  const count = (state !== null && state.windowStartMs === windowStartMs ? state.count : 0) + 1;
  const resetAtMs = windowStartMs + windowMs;
  return {
    allowed: count <= setting.limit,
    limit: setting.limit,
    remaining: Math.max(0, setting.limit - count),
    resetAtMs,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000)),
    next: { windowStartMs, count },
  };
}
