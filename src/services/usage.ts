// What verifications leave behind, written behind: last_used_at / _ip / _user_agent, usage counts per
// token, minute and outcome code, which grant decided each action asked, and the verify-time events
// (used in grace, rate limited, canary triggered). Verification only notes them in memory; one
// transaction a second (and one at shutdown) writes them all, so counting never adds a store write
// per verification (SPEC: at most 1 s behind; a crash loses at most that second).
import { bucketStartOf } from '../core/usage.js';
import type { GrantUse, LastUse, OutboxEventRecord, Store, UsageCount } from '../store/store.js';
import type { LoggerLike } from './deps.js';

export const LAST_USED_FLUSH_MS = 1000;

/** One token's counts not yet written: minute start → outcome code → verifications. */
interface TokenTally {
  readonly tenantId: string;
  readonly minutes: Map<number, Map<string, number>>;
}

interface Pending {
  readonly lastUses: Map<string, LastUse>;
  readonly tallies: Map<string, TokenTally>;
  /** Keyed by token, day, grant, action and resource; the count grows in place. */
  readonly grantUses: Map<string, { -readonly [K in keyof GrantUse]: GrantUse[K] }>;
  readonly events: OutboxEventRecord[];
}

const emptyPending = (): Pending => ({
  lastUses: new Map(),
  tallies: new Map(),
  grantUses: new Map(),
  events: [],
});

/** Past this many quiet periods held, the ones over are dropped (a bound on memory, not on behaviour). */
const MAX_QUIET_KEYS = 10_000;

/** The rows one flush writes. */
export interface UseBatch {
  readonly lastUses: readonly LastUse[];
  readonly counts: readonly UsageCount[];
  readonly grantUses: readonly GrantUse[];
  readonly events: readonly OutboxEventRecord[];
}

function batchOf(pending: Pending): UseBatch {
  const counts: UsageCount[] = [];
  for (const [tokenId, tally] of pending.tallies) {
    for (const [minuteStartMs, codes] of tally.minutes) {
      for (const [code, count] of codes)
        counts.push({ tokenId, tenantId: tally.tenantId, minuteStartMs, code, count });
    }
  }
  return {
    lastUses: [...pending.lastUses.values()],
    counts,
    grantUses: [...pending.grantUses.values()],
    events: pending.events,
  };
}

export class UseRecorder {
  private pending = emptyPending();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** Until when an event of each key stays unsent (`used_in_grace` at most once a minute per token…). */
  private readonly quietUntil = new Map<string, number>();

  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly logger: LoggerLike,
    private readonly flushEveryMs = LAST_USED_FLUSH_MS,
  ) {}

  /** The latest use of a token (a valid verification), for its last_used_* fields. */
  noteLastUse(use: LastUse): void {
    const known = this.pending.lastUses.get(use.tokenId);
    if (known === undefined || known.atMs <= use.atMs) this.pending.lastUses.set(use.tokenId, use);
    this.schedule();
  }

  /** One verification of a token that ended with `code` (`valid` or the refusal's code). */
  count(tokenId: string, tenantId: string, atMs: number, code: string): void {
    this.addCount(tokenId, tenantId, bucketStartOf(atMs, 'minute'), code, 1);
  }

  /** One verification that asked `action` (on `resource`) and that `grantKey` allowed. */
  noteGrantUse(
    tokenId: string,
    atMs: number,
    grantKey: string,
    action: string,
    resource: string | null,
  ): void {
    this.addGrantUses({
      tokenId,
      dayStartMs: bucketStartOf(atMs, 'day'),
      grantKey,
      action,
      resource,
      count: 1,
    });
  }

  /**
   * A verify-time event at `atMs`, written to the outbox with this second's batch. With `quiet`, an
   * event of the same key is not noted again before `untilMs` (the SPEC's "at most one per token in any
   * 60 s"). The event is built only when it will be sent: a quiet presentation costs a map lookup.
   */
  noteEvent(
    atMs: number,
    build: () => OutboxEventRecord,
    quiet?: { readonly key: string; readonly untilMs: number },
  ): void {
    if (quiet !== undefined) {
      if ((this.quietUntil.get(quiet.key) ?? Number.NEGATIVE_INFINITY) > atMs) return;
      if (this.quietUntil.size >= MAX_QUIET_KEYS) this.forgetQuietBefore(atMs);
      this.quietUntil.set(quiet.key, quiet.untilMs);
    }
    this.pending.events.push(build());
    this.schedule();
  }

  private forgetQuietBefore(nowMs: number): void {
    for (const [key, untilMs] of this.quietUntil) if (untilMs <= nowMs) this.quietUntil.delete(key);
  }

  private addCount(
    tokenId: string,
    tenantId: string,
    minuteStartMs: number,
    code: string,
    added: number,
  ): void {
    let tally = this.pending.tallies.get(tokenId);
    if (tally === undefined) {
      tally = { tenantId, minutes: new Map() };
      this.pending.tallies.set(tokenId, tally);
    }
    let codes = tally.minutes.get(minuteStartMs);
    if (codes === undefined) {
      codes = new Map();
      tally.minutes.set(minuteStartMs, codes);
    }
    codes.set(code, (codes.get(code) ?? 0) + added);
    this.schedule();
  }

  private addGrantUses(use: GrantUse): void {
    const key = `${use.tokenId}\n${use.dayStartMs}\n${use.grantKey}\n${use.action}\n${use.resource ?? ''}`;
    const held = this.pending.grantUses.get(key);
    if (held !== undefined) held.count += use.count;
    else this.pending.grantUses.set(key, { ...use });
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => void this.flush(), this.flushEveryMs);
    this.timer.unref();
  }

  /** Writes everything noted so far in one transaction; safe to call at any time, awaited at shutdown. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const taken = this.pending;
    const batch = batchOf(taken);
    if (batch.lastUses.length + batch.counts.length + batch.grantUses.length + batch.events.length === 0)
      return this.flushing;
    this.pending = emptyPending();
    this.flushing = this.flushing
      // One transaction per batch: one commit (one fsync on SQLite) for a whole second of uses.
      .then(() =>
        this.store.transaction(async (tx) => {
          if (batch.lastUses.length > 0) await tx.recordLastUsed(batch.lastUses);
          if (batch.counts.length > 0) await tx.recordUsage(batch.counts);
          if (batch.grantUses.length > 0) await tx.recordGrantUses(batch.grantUses);
          if (batch.events.length > 0) await tx.insertEvents(batch.events);
        }),
      )
      .catch((error: unknown) => {
        // Nothing of the batch committed: counts add, so they are kept for the next flush (a last use
        // is kept unless a newer one came in meanwhile).
        this.requeue(batch);
        this.logger.warn({ err: error, tokens: batch.lastUses.length }, 'could not record uses; will retry');
      });
    return this.flushing;
  }

  private requeue(batch: UseBatch): void {
    for (const use of batch.lastUses) this.noteLastUse(use);
    for (const { tokenId, tenantId, minuteStartMs, code, count } of batch.counts)
      this.addCount(tokenId, tenantId, minuteStartMs, code, count);
    for (const use of batch.grantUses) this.addGrantUses(use);
    // Before anything noted since: an older event is never sent after a newer one of the same token.
    this.pending.events.unshift(...batch.events);
    if (batch.events.length > 0) this.schedule();
  }
}
