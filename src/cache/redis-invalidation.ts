// Cache invalidation across instances over Redis pub/sub. A change is applied to this instance's cache
// at once (before the change is acknowledged) and published; every other instance drops the same
// entries when the message arrives. While this instance cannot hear the channel (Redis down, the
// subscription not yet confirmed, a heartbeat unanswered) it keeps no credentials at all: a revocation
// it could not hear about must never be answered from memory. Unknown digests stay cached: a digest
// cannot become known later (secrets are random), so no message is needed for them.
import { randomUUID } from 'node:crypto';
import type { LoggerLike } from '../services/deps.js';
import { withTimeout } from '../services/probe.js';
import type { Invalidator } from './invalidating-store.js';
import type { CredentialCache, Invalidation } from './lru.js';

export const INVALIDATION_CHANNEL = 'tessera:cache-invalidation';
const HEARTBEAT_MS = 1000;

/** The slice of an ioredis client in subscriber mode this module uses. */
export interface RedisSubscriber {
  on(event: 'ready' | 'close', listener: () => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  ping(): Promise<unknown>;
  disconnect(): void;
}

export interface RedisPublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

interface Message {
  readonly origin: string;
  readonly changes: readonly Invalidation[];
}

function parseMessage(text: string): Message | null {
  try {
    const value = JSON.parse(text) as Partial<Message>;
    if (typeof value.origin !== 'string' || !Array.isArray(value.changes)) return null;
    const valid = value.changes.every(
      (change) =>
        typeof change === 'object' &&
        change !== null &&
        (typeof (change as { tokenId?: unknown }).tokenId === 'string' ||
          typeof (change as { tenantId?: unknown }).tenantId === 'string'),
    );
    return valid ? (value as Message) : null;
  } catch {
    return null;
  }
}

export class RedisInvalidation implements Invalidator {
  private readonly origin = randomUUID();
  private listening = false;
  /** The subscription is confirmed on the current connection. */
  private subscribed = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly cache: CredentialCache,
    private readonly publisher: RedisPublisher,
    private readonly subscriber: RedisSubscriber,
    private readonly logger: LoggerLike,
  ) {
    // Nothing is cached until the subscription is confirmed.
    cache.setPositiveEnabled(false);
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('close', () => {
      this.subscribed = false;
      this.deaf('the Redis connection closed');
    });
    subscriber.on('message', (channel, text) => {
      if (channel === INVALIDATION_CHANNEL) this.receive(text);
    });
    this.heartbeat = setInterval(() => void this.checkHearing(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Whether changes made by other instances reach this one now (for /readyz and metrics). */
  get hearing(): boolean {
    return this.listening;
  }

  invalidated(changes: readonly Invalidation[]): void {
    for (const change of changes) this.cache.invalidate(change);
    const message = JSON.stringify({ origin: this.origin, changes });
    this.publisher.publish(INVALIDATION_CHANNEL, message).catch((error: unknown) => {
      // Other instances drop the entry within the cache's TTL at the latest.
      this.logger.warn({ err: error }, 'could not publish a cache invalidation');
    });
  }

  close(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.subscriber.disconnect();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(INVALIDATION_CHANNEL);
      this.subscribed = true;
      this.hear();
    } catch (error) {
      this.deaf('subscribing failed', error);
    }
  }

  /** A connection can stall without closing: a heartbeat turns the cache off, and on again after. */
  private async checkHearing(): Promise<void> {
    if (!this.subscribed) return;
    try {
      await withTimeout(this.subscriber.ping(), HEARTBEAT_MS);
      if (this.subscribed) this.hear();
    } catch (error) {
      this.deaf('Redis did not answer a heartbeat', error);
    }
  }

  private hear(): void {
    if (this.listening) return;
    this.listening = true;
    // Turning on bumps the generation: a fill that read the store while deaf is dropped.
    this.cache.setPositiveEnabled(true);
    this.logger.info({}, 'cache invalidations are heard: verify cache on');
  }

  private deaf(reason: string, error?: unknown): void {
    const wasListening = this.listening;
    this.listening = false;
    this.cache.setPositiveEnabled(false);
    if (wasListening)
      this.logger.warn({ err: error, reason }, 'cache invalidations unheard: verify cache off');
  }

  private receive(text: string): void {
    const message = parseMessage(text);
    if (message === null) {
      // Something we cannot read may have meant anything: drop every credential.
      this.cache.clearPositive();
      return;
    }
    if (message.origin === this.origin) return;
    for (const change of message.changes) this.cache.invalidate(change);
  }
}

/** Without Redis there are no other instances to tell: the local cache is all there is. */
export function localInvalidation(cache: CredentialCache): Invalidator {
  return {
    invalidated: (changes) => {
      for (const change of changes) cache.invalidate(change);
    },
  };
}
