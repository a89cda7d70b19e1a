// last_used_at / last_used_ip / last_used_user_agent, written behind: verification only notes the
// latest use in memory, and one batch per second (and one at shutdown) writes them. A verify never
// waits on a write for this (SPEC: they may lag by up to 1 s).
import type { LastUse, Store } from '../store/store.js';
import type { LoggerLike } from './deps.js';

export const LAST_USED_FLUSH_MS = 1000;

export class LastUsedRecorder {
  private pending = new Map<string, LastUse>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly logger: LoggerLike,
    private readonly flushEveryMs = LAST_USED_FLUSH_MS,
  ) {}

  note(use: LastUse): void {
    const known = this.pending.get(use.tokenId);
    if (known === undefined || known.atMs <= use.atMs) this.pending.set(use.tokenId, use);
    if (this.timer === null) {
      this.timer = setTimeout(() => void this.flush(), this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Writes everything noted so far; safe to call at any time, and awaited at shutdown. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing
      // One transaction per batch: one commit (one fsync on SQLite) for a whole second of uses.
      .then(() => this.store.transaction((tx) => tx.recordLastUsed(batch)))
      .catch((error: unknown) =>
        this.logger.warn({ err: error, tokens: batch.length }, 'could not record last use'),
      );
    return this.flushing;
  }
}
