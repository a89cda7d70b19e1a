// The verify cache: what one indexed read said about a digest, kept in memory so a hot token costs a
// hash and a Map lookup. Bounded (least recently used goes first), short-lived, and invalidated by
// token or by tenant whenever this or another instance changes something a verification depends on.
//
// The race it must never lose: a fill reads the store, a revoke commits and invalidates, and only then
// the fill lands, which would resurrect the token. So every invalidation bumps `generation`, a fill
// remembers the generation it started at, and a fill that started before the latest invalidation is
// dropped. The decision itself (expiry, not_before, grace) is recomputed on every hit from the clock.
import type { Credential } from '../core/verify.js';

/** What changed: one token (patch, rotate, revoke, max_uses), or a whole tenant (members, roles, suspension). */
export type Invalidation = { readonly tokenId: string } | { readonly tenantId: string };

export interface CacheSettings {
  /** Most credentials kept; the least recently used goes first. */
  readonly maxEntries: number;
  /** Most unknown digests remembered (a flood of made-up but well-formed secrets). */
  readonly maxNegativeEntries: number;
  /**
   * How long a credential is trusted without a read. Invalidation messages make changes visible at
   * once; this bounds staleness if one is ever lost (an instance that could not reach Redis to publish).
   */
  readonly ttlMs: number;
  readonly negativeTtlMs: number;
}

export const DEFAULT_CACHE_SETTINGS: CacheSettings = {
  maxEntries: 100_000,
  maxNegativeEntries: 50_000,
  ttlMs: 5_000,
  negativeTtlMs: 60_000,
};

interface Entry {
  readonly credential: Credential | null;
  readonly expiresAtMs: number;
}

/** A cache answer: the credential, null for a digest known not to exist, undefined for a miss. */
export type CacheLookup = Credential | null | undefined;

export interface CacheCounters {
  hits: number;
  negativeHits: number;
  misses: number;
  droppedFills: number;
}

export class CredentialCache {
  private readonly positive = new Map<string, Entry>();
  private readonly negative = new Map<string, Entry>();
  /** tokenId → the digests cached for it (a token in its rotation grace has two). */
  private readonly digestsByToken = new Map<string, Set<string>>();
  private generationCounter = 0;
  private positiveOn = true;
  readonly counters: CacheCounters = { hits: 0, negativeHits: 0, misses: 0, droppedFills: 0 };

  constructor(readonly settings: CacheSettings = DEFAULT_CACHE_SETTINGS) {}

  /** Read before the store is asked; hand it back to `fill`. */
  get generation(): number {
    return this.generationCounter;
  }

  get size(): { readonly positive: number; readonly negative: number } {
    return { positive: this.positive.size, negative: this.negative.size };
  }

  /** Whether credentials are kept at all (off while invalidations from other instances cannot arrive). */
  get positiveEnabled(): boolean {
    return this.positiveOn;
  }

  lookup(digest: string, nowMs: number): CacheLookup {
    const entry = this.positive.get(digest);
    if (entry !== undefined) {
      if (nowMs < entry.expiresAtMs) {
        // Re-inserting moves it to the back of the Map's order: the front is the least recently used.
        this.positive.delete(digest);
        this.positive.set(digest, entry);
        this.counters.hits++;
        return entry.credential;
      }
      this.forget(digest, entry);
    }
    const unknown = this.negative.get(digest);
    if (unknown !== undefined) {
      if (nowMs < unknown.expiresAtMs) {
        this.counters.negativeHits++;
        return null;
      }
      this.negative.delete(digest);
    }
    this.counters.misses++;
    return undefined;
  }

  /** Keeps what the store said, unless an invalidation happened since `startedAt` was read. */
  fill(digest: string, credential: Credential | null, startedAt: number, nowMs: number): void {
    if (startedAt !== this.generationCounter) {
      this.counters.droppedFills++;
      return;
    }
    if (credential === null) {
      this.insertBounded(this.negative, digest, {
        credential: null,
        expiresAtMs: nowMs + this.settings.negativeTtlMs,
      });
      return;
    }
    if (!this.positiveOn) return;
    const known = this.positive.get(digest);
    if (known !== undefined) this.forget(digest, known);
    this.insertBounded(this.positive, digest, { credential, expiresAtMs: nowMs + this.settings.ttlMs });
    const tokenId = credential.token.id;
    let digests = this.digestsByToken.get(tokenId);
    if (digests === undefined) {
      digests = new Set();
      this.digestsByToken.set(tokenId, digests);
    }
    digests.add(digest);
  }

  invalidate(what: Invalidation): void {
    this.generationCounter++;
    if ('tokenId' in what) {
      for (const digest of this.digestsByToken.get(what.tokenId) ?? []) {
        const entry = this.positive.get(digest);
        if (entry !== undefined) this.forget(digest, entry);
      }
      return;
    }
    // Tenant-wide changes (a member's role, a custom role, suspension) are rare: a scan is fine.
    for (const [digest, entry] of this.positive) {
      if (entry.credential?.token.tenantId === what.tenantId) this.forget(digest, entry);
    }
  }

  /** Off: nothing is kept and everything kept is dropped. On: fills that began while off are dropped. */
  setPositiveEnabled(enabled: boolean): void {
    this.generationCounter++;
    this.positiveOn = enabled;
    if (!enabled) this.clearPositive();
  }

  clearPositive(): void {
    this.generationCounter++;
    this.positive.clear();
    this.digestsByToken.clear();
  }

  private insertBounded(map: Map<string, Entry>, digest: string, entry: Entry): void {
    map.set(digest, entry);
    const limit = map === this.positive ? this.settings.maxEntries : this.settings.maxNegativeEntries;
    if (map.size <= limit) return;
    const oldest = map.keys().next().value as string;
    if (map === this.positive) this.forget(oldest, map.get(oldest)!);
    else map.delete(oldest);
  }

  private forget(digest: string, entry: Entry): void {
    this.positive.delete(digest);
    const tokenId = entry.credential?.token.id;
    if (tokenId === undefined) return;
    const digests = this.digestsByToken.get(tokenId);
    digests?.delete(digest);
    if (digests?.size === 0) this.digestsByToken.delete(tokenId);
  }
}
