// Refused attempts leave a trace (SPEC "Permissions"): a request a valid token made and was refused
// (403: a missing permission, an escalation) writes one `access_denied` audit event, at most one per
// token a minute, so a client looping on a refusal cannot flood the trail. The refusal itself changed
// nothing; this event is written on its own, and its failure never changes the answer.
import { maskSecretShapes } from '../core/secret.js';
import type { Actor } from './actor.js';
import { recordChange } from './audit.js';
import type { Deps } from './deps.js';

export const ACCESS_DENIED_QUIET_MS = 60_000;
/** Tokens remembered for the quiet period; past this many, the oldest are forgotten first. */
const MAX_REMEMBERED = 10_000;

export class AccessDeniedRecorder {
  /** tokenId → when its last access_denied event was written (insertion order: oldest first). */
  private readonly lastWrittenMs = new Map<string, number>();

  constructor(private readonly deps: Pick<Deps, 'store' | 'random' | 'clock' | 'logger'>) {}

  async record(actor: Actor, attempt: { method: string; route: string; reason: string }): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const tokenId = actor.token.id;
    const last = this.lastWrittenMs.get(tokenId);
    if (last !== undefined && nowMs - last < ACCESS_DENIED_QUIET_MS) return;
    this.lastWrittenMs.delete(tokenId);
    this.lastWrittenMs.set(tokenId, nowMs);
    if (this.lastWrittenMs.size > MAX_REMEMBERED) {
      const oldest = this.lastWrittenMs.keys().next().value;
      if (oldest !== undefined) this.lastWrittenMs.delete(oldest);
    }
    try {
      await recordChange(this.deps, this.deps.store, actor, nowMs, {
        action: 'access_denied',
        targetType: 'token',
        targetId: tokenId,
        details: { method: attempt.method, route: attempt.route, reason: maskSecretShapes(attempt.reason) },
      });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, token_id: tokenId },
        'could not write an access_denied audit event',
      );
    }
  }
}
