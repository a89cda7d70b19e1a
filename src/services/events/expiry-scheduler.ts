// The expiry scheduler: finds, over the indexed tokens.expires_at, tokens that entered a lead time of
// TESSERA_EXPIRY_NOTICE (token.expiring) or expired (token.expired), and announces each (token, lead
// time) once: the notice row and the event commit together, and the notice's primary key makes a
// second instance (or a run after a restart) find it taken and write nothing.
import type { Deps } from '../deps.js';
import { tokenEvent } from './build.js';

/** Tokens that expired longer ago than this (the server was down) are not announced any more. */
export const EXPIRED_LOOKBACK_MS = 30 * 86_400_000;
const BATCH = 200;
/** Notices announced side by side (see announceExpiries). */
const CONCURRENT_NOTICES = 4;

export type SchedulerDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'logger' | 'settings'>;

type Candidate = Awaited<ReturnType<SchedulerDeps['store']['findExpiryCandidates']>>[number];

/** Claims one (token, lead time) notice and writes its event, together; false if it was taken. */
function announce(deps: SchedulerDeps, candidate: Candidate, nowMs: number): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.claimExpiryNotice(candidate.tokenId, candidate.leadSeconds, nowMs))) return false;
    const token = await tx.findToken(candidate.tenantId, candidate.tokenId);
    if (token === null) return false;
    await tx.insertEvents([
      candidate.leadSeconds === 0
        ? tokenEvent(deps, nowMs, 'token.expired', token)
        : tokenEvent(deps, nowMs, 'token.expiring', token, { lead_seconds: candidate.leadSeconds }),
    ]);
    return true;
  });
}

/** One pass: every notice due now; answers how many events it wrote. */
export async function announceExpiries(deps: SchedulerDeps): Promise<number> {
  const nowMs = deps.clock.nowMs();
  const leads = [...deps.settings.events.expiryNoticeLeadSeconds, 0];
  let written = 0;
  for (;;) {
    let progressed = false;
    const due = await deps.store.findExpiryCandidates(nowMs, leads, nowMs - EXPIRED_LOOKBACK_MS, BATCH);
    // A few notices at a time, each in a transaction of its own: on SQLite they share one group
    // commit (one notice at a time made a COMMIT, an fsync, per token), on PostgreSQL they take a few
    // of the pool's connections and never all of them.
    for (let start = 0; start < due.length; start += CONCURRENT_NOTICES) {
      const outcomes = await Promise.all(
        due.slice(start, start + CONCURRENT_NOTICES).map((candidate) => announce(deps, candidate, nowMs)),
      );
      for (const wrote of outcomes) {
        if (wrote) {
          written++;
          progressed = true;
        }
      }
    }
    // Each notice taken leaves the candidates: a full batch that made progress may have more behind it.
    if (!progressed || due.length < BATCH) return written;
  }
}

export class ExpiryScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = announceExpiries(this.deps)
        .then(
          () => undefined,
          (error) => this.deps.logger.warn({ err: error }, 'expiry notices failed; trying again next run'),
        )
        .finally(() => {
          this.running = null;
          if (this.timer !== null) this.schedule(this.deps.settings.events.expiryScanIntervalMs);
        });
    }, delayMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
