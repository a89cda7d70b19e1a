// The dispatcher, one in every instance: claims due deliveries (several instances share the work:
// claims are disjoint), signs and sends each, and records the attempt. At-least-once: a delivery is
// only `delivered` after a 2xx, so a crash between send and record sends it again (same webhook-id).
// In order per (webhook, subject): the store hands out only the oldest pending delivery of each.
import { RETRY_FOR_MS, retryDelayMs } from '../../core/backoff.js';
import { formatTimestamp } from '../../core/time.js';
import { signatureHeader } from '../../core/webhook-signature.js';
import type { AttemptOutcome, ClaimedDelivery } from '../../store/store.js';
import type { Deps } from '../deps.js';
import { type Resolver, systemResolver } from '../webhooks/address-guard.js';
import { sendDelivery } from '../webhooks/send.js';
import { signingSecretsOf } from '../webhooks/signing-secrets.js';

/** A claim older than this is abandoned: its instance died mid-attempt (an attempt lasts ≤ 10 s). */
export const CLAIM_TIMEOUT_MS = 30_000;
/** Endpoints whose last this-many events all failed are disabled. */
export const DISABLE_AFTER_FAILED_EVENTS = 100;
const MAX_IN_FLIGHT = 32;

export type DispatcherDeps = Pick<Deps, 'store' | 'clock' | 'random' | 'keys' | 'logger' | 'settings'>;

/** The Standard Webhooks body: `{"type", "timestamp", "data"}`, `data` exactly as the outbox holds it. */
export function deliveryBody(event: ClaimedDelivery['event']): string {
  const head = JSON.stringify({ type: event.type, timestamp: formatTimestamp(event.occurredAtMs) });
  return `${head.slice(0, -1)},"data":${event.dataJson}}`;
}

export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private claiming = false;
  private claimAgain = false;
  private stopped = true;
  private readonly claimId: string;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.claimId = `clm_${deps.random.bytes(12).toString('hex')}`;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Look now (an event was just written here, or an attempt ended and its subject's next is due). */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.claimRound(), 0);
  }

  /** Stops claiming, then waits up to `graceMs` for attempts under way; unfinished claims expire. */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        grace = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(grace);
  }

  private async claimRound(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    this.claiming = true;
    let claimed = 0;
    try {
      const room = MAX_IN_FLIGHT - this.inFlight.size;
      if (room > 0) {
        const nowMs = this.deps.clock.nowMs();
        const staleBeforeMs = nowMs - CLAIM_TIMEOUT_MS;
        // A read first: an idle poll opens no write transaction (on SQLite, that is the write lock).
        const deliveries = (await this.deps.store.hasDueDeliveries(nowMs, staleBeforeMs))
          ? await this.deps.store.transaction((tx) =>
              tx.claimDeliveries(nowMs, staleBeforeMs, room, this.claimId),
            )
          : [];
        claimed = deliveries.length;
        for (const delivery of deliveries) {
          const attempt: Promise<void> = this.attempt(delivery)
            .catch((error) =>
              this.deps.logger.warn(
                { err: error, delivery: delivery.delivery.id },
                'delivery attempt not recorded',
              ),
            )
            .finally(() => {
              this.inFlight.delete(attempt);
              this.wake();
            });
          this.inFlight.add(attempt);
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'claiming webhook deliveries failed; trying again shortly');
    } finally {
      this.claiming = false;
    }
    if (this.stopped) return;
    const again = this.claimAgain || claimed > 0;
    this.claimAgain = false;
    this.timer = setTimeout(
      () => void this.claimRound(),
      again ? 0 : this.deps.settings.events.webhookPollIntervalMs,
    );
  }

  private async attempt(claimed: ClaimedDelivery): Promise<void> {
    const { delivery, event, webhook } = claimed;
    const settings = this.deps.settings.events;
    const attemptAtMs = this.deps.clock.nowMs();
    const secrets = signingSecretsOf(this.deps, webhook, attemptAtMs);
    let result: { status: number | null; error: string | null; durationMs: number };
    if (secrets === null) {
      // The key version that sealed the secret is gone from TESSERA_SECRET_KEY: nothing can sign.
      result = {
        status: null,
        error: 'signing secret unreadable with the configured server keys',
        durationMs: 0,
      };
    } else {
      const body = deliveryBody(event);
      const timestampSeconds = Math.floor(attemptAtMs / 1000);
      result = await sendDelivery(
        {
          url: webhook.url,
          body,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Tessera-Webhooks/1',
            'webhook-id': event.id,
            'webhook-timestamp': String(timestampSeconds),
            'webhook-signature': signatureHeader(secrets, event.id, timestampSeconds, body),
          },
        },
        {
          timeoutMs: settings.webhookTimeoutMs,
          allowPrivate: settings.webhookAllowPrivate,
          resolve: this.resolve,
        },
      );
    }
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const failedAttempts = delivery.attemptCount + 1;
    const nowMs = this.deps.clock.nowMs();
    const expired = nowMs - delivery.createdAtMs >= RETRY_FOR_MS;
    const unitRandom = this.deps.random.bytes(4).readUInt32BE() / 0x1_0000_0000;
    const outcome: AttemptOutcome = {
      attempt: {
        atMs: attemptAtMs,
        status: result.status,
        durationMs: result.durationMs,
        error: result.error,
      },
      status: ok ? 'delivered' : expired ? 'failed' : 'pending',
      nextAttemptAtMs: ok || expired ? nowMs : nowMs + retryDelayMs(failedAttempts, unitRandom),
      disableAfterFailures: DISABLE_AFTER_FAILED_EVENTS,
    };
    await this.deps.store.transaction((tx) => tx.recordAttempt(delivery.id, claimed.claimId, outcome));
  }
}
