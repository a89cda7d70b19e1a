// The explicit dependencies every use-case receives: nothing reaches for globals.
import type { ServerKeyRing } from '../core/server-key.js';
import type { Store } from '../store/store.js';
import type { Limiter } from './limiter.js';
import type { LastUsedRecorder } from './usage.js';

export interface Clock {
  nowMs(): number;
}

export interface RandomSource {
  bytes(length: number): Buffer;
}

/** The slice of pino the services use; tests may pass any logger of this shape. */
export interface LoggerLike {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface ServiceSettings {
  readonly permanentTokenCap: number;
}

export interface Deps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly keys: ServerKeyRing;
  readonly logger: LoggerLike;
  readonly settings: ServiceSettings;
  readonly usage: LastUsedRecorder;
  readonly limiter: Limiter;
}

/** Who is acting, and where from: carried into every audit event. */
export interface RequestContext {
  readonly clientIp: string | null;
  readonly requestId: string | null;
}
