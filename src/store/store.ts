// The Store port: every read and write Tessera makes, async, with one transaction boundary.
// Services depend on this interface only; src/store/sqlite and src/store/postgres open it over Kysely.
import type { KeysetPosition } from '../core/cursor.js';
import type { EventType } from '../core/events.js';
import type { Role } from '../core/permissions.js';
import type { PolicyStatement } from '../core/policy.js';
import type { NewTokenRecord, TokenRecord, TokenStatus } from '../core/token.js';
import type { TokenPolicy } from '../core/token-policy.js';
import type { TokenSort } from '../core/token-sort.js';
import type { UsageBucketCount, UsageGranularity } from '../core/usage.js';
import type { Credential } from '../core/verify.js';

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly isOperator: boolean;
  readonly suspendedAtMs: number | null;
  /** What tokens made or changed in the tenant must keep to; null: no policy. */
  readonly tokenPolicy: TokenPolicy | null;
  /** When an operator deleted it (it reads as gone; its rows and audit trail stay); null: it exists. */
  readonly deletedAtMs: number | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** A change to a tenant: each field given is set. */
export interface TenantChange {
  readonly suspendedAtMs?: number | null;
  readonly tokenPolicy?: TokenPolicy | null;
  readonly deletedAtMs?: number;
}

export interface MemberRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: Role;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly removedAtMs: number | null;
}

export interface AuditEventRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly actorTokenId: string | null;
  readonly actorMemberId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly occurredAtMs: number;
  readonly clientIp: string | null;
  readonly requestId: string | null;
  /** Non-secret facts about the change (names, fields changed). Never a secret or a digest. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

/**
 * One lifecycle event for the outbox: written in the transaction of the change it announces, then
 * delivered to every subscribed webhook of its tenant. `data` is the public object (never a secret).
 */
export interface OutboxEventRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly type: EventType;
  /** The token or member the event is about: one subject's events reach each endpoint in order. */
  readonly subjectId: string;
  readonly occurredAtMs: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A webhook endpoint of a tenant. Its signing secrets are sealed (core/sealing.ts), never plaintext. */
export interface WebhookRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly url: string;
  readonly description: string | null;
  /** Event types, or ["*"] for every one. */
  readonly events: readonly string[];
  readonly isActive: boolean;
  /** Why it stopped: `failing` when its last 100 events all failed; null when active or switched off. */
  readonly disabledReason: string | null;
  readonly secretSealed: string;
  /** The rotated-out secret, still signing until previousSecretExpiresAtMs. */
  readonly previousSecretSealed: string | null;
  readonly previousSecretExpiresAtMs: number | null;
  readonly failedInARow: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttemptRecord {
  readonly atMs: number;
  /** The HTTP status answered; null when none was (refused, unreachable, timed out). */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why it failed without an answer, in a few words; never a secret. */
  readonly error: string | null;
}

export interface DeliveryRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subjectId: string;
  readonly status: DeliveryStatus;
  readonly attemptCount: number;
  readonly nextAttemptAtMs: number;
  readonly createdAtMs: number;
  readonly attempts: readonly DeliveryAttemptRecord[];
}

/** A delivery a dispatcher holds, with what sending it needs. */
export interface ClaimedDelivery {
  readonly delivery: DeliveryRecord;
  readonly claimId: string;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly occurredAtMs: number;
    /** The `data` JSON as stored: sent as is. */
    readonly dataJson: string;
  };
  readonly webhook: WebhookRecord;
}

/** What one attempt ended in, applied to its delivery and its webhook together. */
export interface AttemptOutcome {
  readonly attempt: DeliveryAttemptRecord;
  readonly status: DeliveryStatus;
  readonly nextAttemptAtMs: number;
  /** Webhooks whose last this-many events all failed are disabled. */
  readonly disableAfterFailures: number;
}

/** A token that has reached a notice's window and has not had that notice yet. */
export interface ExpiryCandidate {
  readonly tenantId: string;
  readonly tokenId: string;
  /** The lead time reached; 0 means it has expired. */
  readonly leadSeconds: number;
}

/** A custom role (reusable named policy) or a space: both named by a key unique in the tenant. */
export interface NamedRecord {
  readonly tenantId: string;
  readonly key: string;
  readonly name: string;
  readonly description: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface CustomRoleRecord extends NamedRecord {
  readonly policy: readonly PolicyStatement[];
}

export type SpaceRecord = NamedRecord;

export interface NewSecret {
  readonly digest: string;
  readonly keyVersion: number;
}

/**
 * An imported secret known only by the SHA-256 its former system kept: stored as that digest until
 * it is first presented, then re-hashed (claimPendingImport) and the SHA-256 dropped.
 */
export interface PendingImportedSecret {
  readonly sha256: string;
}

/** What a claim of a pending import found: re-hashed now, re-hashed already by another claim, or none. */
export type ImportClaim = 'claimed' | 'taken' | 'none';

/** Filters of the audit trail, already validated; undefined means "not filtered". */
export interface AuditFilters {
  readonly action?: string | undefined;
  readonly targetId?: string | undefined;
  readonly actorTokenId?: string | undefined;
  /** From this instant on (inclusive), ms. */
  readonly sinceMs?: number | undefined;
  /** Before this instant (exclusive), ms. */
  readonly untilMs?: number | undefined;
}

/** Where a keyset page of the audit trail starts: after (older than) this event. */
export interface AuditKeyset {
  readonly beforeId?: string | undefined;
  readonly knownTotal?: number | undefined;
}

/** Filters of a token listing, already validated; undefined means "not filtered". */
export interface TokenFilters {
  readonly type?: 'api' | 'session' | undefined;
  readonly kind?: 'account' | 'space' | 'manager' | undefined;
  readonly permanent?: boolean | undefined;
  readonly active?: boolean | undefined;
  readonly expired?: boolean | undefined;
  readonly revoked?: boolean | undefined;
  /** Only tokens in this state now (statusOf); overrides the default of listing only unrevoked ones. */
  readonly status?: TokenStatus | undefined;
  readonly namePrefix?: string | undefined;
  /** Only this member's tokens (within what the caller may see). */
  readonly ownerId?: string | undefined;
  readonly space?: string | undefined;
  /** Only tokens whose scopes hold this exact string. */
  readonly scope?: string | undefined;
  /** Only tokens whose metadata maps each of these keys to exactly this string. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** Only tokens that expire before this instant (ms; permanent ones never do). */
  readonly expiresBeforeMs?: number | undefined;
  /** Only tokens made after this instant (ms). */
  readonly createdAfterMs?: number | undefined;
  /** Only tokens not used since this instant (ms): last used before it, or never. */
  readonly lastUsedBeforeMs?: number | undefined;
}

/** One recorded use of a token, written behind in batches (never a write per verify). */
export interface LastUse {
  readonly tokenId: string;
  readonly atMs: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** Verifications of one token in one UTC minute that ended with one code, counted in memory. */
export interface UsageCount {
  readonly tokenId: string;
  readonly tenantId: string;
  readonly minuteStartMs: number;
  readonly code: string;
  readonly count: number;
}

/** Verifications of one token on one UTC day that one grant decided, for one action and resource. */
export interface GrantUse {
  readonly tokenId: string;
  readonly dayStartMs: number;
  /** Which grant (see grantKey in core/advice.ts). */
  readonly grantKey: string;
  readonly action: string;
  /** The resource asked, or null when the verification named none. */
  readonly resource: string | null;
  readonly count: number;
}

/** A tenant's busiest tokens or codes over a range, busiest first. */
export interface UsageRanking {
  readonly tenantId: string;
  readonly granularity: UsageGranularity;
  readonly firstBucketMs: number;
  readonly lastBucketMs: number;
  readonly groupBy: 'token' | 'code';
  readonly limit: number;
  readonly offset: number;
}

export interface UsageRank {
  /** A token id or an outcome code, as grouped. */
  readonly key: string;
  readonly total: number;
  readonly valid: number;
}

/** Which permanent tokens the cap counts (see countCappedTokens). */
export type CapCounting = 'created' | 'every-permanent';

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly tokenId: string;
  readonly createdAtMs: number;
}

export interface TokenListQuery {
  readonly tenantId: string;
  /** Whose tokens: a member's personal tokens, or the tenant's service tokens; all when 'everyone'. */
  readonly owner: { readonly memberId: string } | 'service' | 'everyone';
  readonly filters: TokenFilters;
  /** The listing's order; newest first when absent. */
  readonly sort?: TokenSort | undefined;
  readonly nowMs: number;
  readonly limit: number;
  readonly offset: number;
  /** Keyset paging: start after this position (offset is then 0). */
  readonly after?: KeysetPosition | undefined;
  /** The total a cursor walk began with: given, the rows are not counted again. */
  readonly knownTotal?: number | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalItems: number;
}

/** The reads and writes available both inside and outside a transaction. */
export interface StoreOperations {
  findCredentialByDigest(digest: string): Promise<Credential | null>;
  findToken(tenantId: string, tokenId: string): Promise<TokenRecord | null>;
  /** The token with this serial, if it is in this tenant (serials are installation-wide). */
  findTokenBySerial(tenantId: string, serial: number): Promise<TokenRecord | null>;
  listTokens(query: TokenListQuery): Promise<Page<TokenRecord>>;
  /** Names in the owner's scope equal to `base` or starting with `base-`, to pick a unique one. */
  findNamesLike(tenantId: string, ownerId: string | null, base: string): Promise<ReadonlySet<string>>;
  /**
   * Unrevoked permanent tokens under the cap (per member, or per tenant for service): those that count
   * toward it (`created`, the default), or every one (`every-permanent`, Tessera-issued ones included).
   */
  countCappedTokens(tenantId: string, ownerId: string | null, counting?: CapCounting): Promise<number>;
  /**
   * Serialises, until the transaction ends, every change in one owner's scope (a member's, or the
   * tenant's for service tokens and members): the permanent cap, unique names and idempotency keys are
   * count-then-write rules. SQLite already serialises writers (BEGIN IMMEDIATE); PostgreSQL locks a row.
   */
  lockOwnerScope(tenantId: string, ownerId: string | null): Promise<void>;
  /**
   * Writes a new token and its first secret, numbering it from the installation's one sequence
   * (exact under concurrency, never reused); answers the record as stored, serial included.
   */
  insertToken(token: NewTokenRecord, secret: NewSecret | PendingImportedSecret): Promise<TokenRecord>;
  /** Whether a secret is already stored under any of these digests, or pending under this SHA-256. */
  isSecretTaken(digests: readonly string[], sha256: string | null): Promise<boolean>;
  /** Whether an imported secret with this SHA-256 waits for its first presentation. */
  hasPendingImport(sha256: string): Promise<boolean>;
  /**
   * Re-hashes a pending import on its first presentation, in the caller's transaction: the SHA-256 row
   * is deleted and `secret` stored in its place (with the row's grace end, and the token's hint). Of
   * concurrent claims exactly one deletes the row (`claimed`); the others find `secret` stored
   * (`taken`) once the winner commits, or `none` when neither exists.
   */
  claimPendingImport(sha256: string, secret: NewSecret, hint: string, nowMs: number): Promise<ImportClaim>;
  /**
   * Writes every field of `token` if its stored revision is still `expectedRevision`, and stores
   * revision + 1. False when another change got there first (the caller answers 412 or retries).
   */
  updateToken(token: TokenRecord, expectedRevision: number): Promise<boolean>;
  /** Adds a new current secret; every older one stops at `oldSecretsEndMs` (or earlier, if it already did). */
  rotateSecret(tokenId: string, secret: NewSecret, nowMs: number, oldSecretsEndMs: number): Promise<void>;
  /** Uses one of max_uses atomically; the uses left afterwards, or null when none were left. */
  consumeUse(tokenId: string): Promise<number | null>;
  /** Changes the use limit atomically; uses already spent stay spent. */
  setMaxUses(tenantId: string, tokenId: string, maxUses: number | null): Promise<void>;
  recordLastUsed(uses: readonly LastUse[]): Promise<void>;
  /** Adds each count to its minute, hour and day bucket (an upsert that adds: instances sum). */
  recordUsage(counts: readonly UsageCount[]): Promise<void>;
  /** Adds each count to its (token, day, grant, action, resource) row. */
  recordGrantUses(uses: readonly GrantUse[]): Promise<void>;
  /** One token's counts in buckets of one size from `firstBucketMs` to `lastBucketMs`, inclusive. */
  usageCounts(
    tokenId: string,
    granularity: UsageGranularity,
    firstBucketMs: number,
    lastBucketMs: number,
  ): Promise<readonly UsageBucketCount[]>;
  /** The tenant's busiest tokens or codes over a range, and how many tokens or codes had any. */
  rankUsage(ranking: UsageRanking): Promise<Page<UsageRank>>;
  /** One token's grant uses on the days from `sinceDayMs`, summed over those days. */
  grantUses(
    tokenId: string,
    sinceDayMs: number,
  ): Promise<readonly Omit<GrantUse, 'tokenId' | 'dayStartMs'>[]>;
  /**
   * Deletes buckets that started before each size's cutoff, and grant uses before `grantUsesBeforeMs`:
   * at most `maxRows` of each size and of grant uses per call (the caller repeats while rows go), so no
   * one statement holds the database long. Answers how many rows went.
   */
  pruneUsage(
    cutoffs: Readonly<Record<UsageGranularity, number>>,
    grantUsesBeforeMs: number,
    maxRows: number,
  ): Promise<number>;
  findIdempotencyKey(tenantId: string, callerScope: string, key: string): Promise<IdempotencyRecord | null>;
  /** False when the key already exists (a concurrent create with the same key won). */
  insertIdempotencyKey(
    tenantId: string,
    callerScope: string,
    key: string,
    record: IdempotencyRecord,
  ): Promise<boolean>;
  deleteIdempotencyKey(tenantId: string, callerScope: string, key: string): Promise<void>;
  /** Marks revoked if not yet; returns the updated record, or null when it was already revoked. */
  /** Revokes an unrevoked token, saying why (`revoked` unless given); null when it already was. */
  revokeToken(tenantId: string, tokenId: string, nowMs: number, reason?: string): Promise<TokenRecord | null>;

  findTenant(tenantId: string): Promise<TenantRecord | null>;
  listTenants(limit: number, offset: number): Promise<Page<TenantRecord>>;
  insertTenant(tenant: TenantRecord): Promise<void>;
  /** Sets what `change` gives; the tenant as it is now, or null when there is none. */
  updateTenant(tenantId: string, change: TenantChange, nowMs: number): Promise<TenantRecord | null>;

  findMember(tenantId: string, memberId: string): Promise<MemberRecord | null>;
  findMemberByEmail(tenantId: string, email: string): Promise<MemberRecord | null>;
  findFirstOwner(tenantId: string): Promise<MemberRecord | null>;
  listMembers(tenantId: string, limit: number, offset: number): Promise<Page<MemberRecord>>;
  insertMember(member: MemberRecord): Promise<void>;
  /** Changes a current member (role, name, e-mail) or removes them; the updated record, or null if not current. */
  updateMember(
    tenantId: string,
    memberId: string,
    change: { role?: Role; name?: string | null; email?: string; removedAtMs?: number },
    nowMs: number,
  ): Promise<MemberRecord | null>;
  countOwners(tenantId: string): Promise<number>;

  findCustomRoles(tenantId: string, keys: readonly string[]): Promise<readonly CustomRoleRecord[]>;
  listCustomRoles(tenantId: string, limit: number, offset: number): Promise<Page<CustomRoleRecord>>;
  /** Inserts, or overwrites an existing key's name, description and policy when `replace` is set. */
  saveCustomRole(role: CustomRoleRecord, replace: boolean): Promise<boolean>;
  deleteCustomRole(tenantId: string, key: string): Promise<boolean>;
  findSpace(tenantId: string, key: string): Promise<SpaceRecord | null>;
  listSpaces(tenantId: string, limit: number, offset: number): Promise<Page<SpaceRecord>>;
  saveSpace(space: SpaceRecord, replace: boolean): Promise<boolean>;
  deleteSpace(tenantId: string, key: string): Promise<boolean>;
  /** Whether an unrevoked token uses this custom role or space (then it cannot be deleted). */
  isInUse(tenantId: string, what: { customRole: string } | { space: string }): Promise<boolean>;

  insertAuditEvent(event: AuditEventRecord): Promise<void>;
  /**
   * Appends events to the outbox and, in the same statement set, one pending delivery for each
   * webhook of the event's tenant subscribed to it: the fan-out happens once, with the change.
   */
  insertEvents(events: readonly OutboxEventRecord[]): Promise<void>;

  insertWebhook(webhook: WebhookRecord): Promise<void>;
  findWebhook(tenantId: string, webhookId: string): Promise<WebhookRecord | null>;
  listWebhooks(tenantId: string, limit: number, offset: number): Promise<Page<WebhookRecord>>;
  /** Writes every mutable field; false when it no longer exists. */
  updateWebhook(webhook: WebhookRecord): Promise<boolean>;
  /** Deletes it with its deliveries and their attempts; false when there was none. */
  deleteWebhook(tenantId: string, webhookId: string): Promise<boolean>;
  /** An event meant for one endpoint only (the test ping), queued for it. */
  insertPing(
    event: Omit<OutboxEventRecord, 'type'> & { readonly type: string },
    webhookId: string,
  ): Promise<void>;
  listDeliveries(
    tenantId: string,
    webhookId: string,
    limit: number,
    offset: number,
  ): Promise<Page<DeliveryRecord>>;
  findDelivery(tenantId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | null>;
  /** Makes a delivery pending and due now (a manual retry); the record, or null when not found. */
  retryDelivery(
    tenantId: string,
    webhookId: string,
    deliveryId: string,
    nowMs: number,
  ): Promise<DeliveryRecord | null>;
  /**
   * Claims up to `limit` due deliveries of active webhooks, each the oldest pending one of its
   * (webhook, subject), unclaimed or claimed before `staleBeforeMs` (an instance that died); several
   * instances claim disjoint sets (PostgreSQL: FOR UPDATE SKIP LOCKED).
   */
  /** Whether any delivery is due and unclaimed (or stale): a read, so an idle poll writes nothing. */
  hasDueDeliveries(nowMs: number, staleBeforeMs: number): Promise<boolean>;
  claimDeliveries(
    nowMs: number,
    staleBeforeMs: number,
    limit: number,
    claimId: string,
  ): Promise<readonly ClaimedDelivery[]>;
  /** Records an attempt if the claim still holds; false when another instance took it over. */
  recordAttempt(deliveryId: string, claimId: string, outcome: AttemptOutcome): Promise<boolean>;

  /** Tokens whose notice for a lead time is due (lead 0: expired after `expiredSinceMs`), not yet given. */
  findExpiryCandidates(
    nowMs: number,
    leadSeconds: readonly number[],
    expiredSinceMs: number,
    limit: number,
  ): Promise<readonly ExpiryCandidate[]>;
  /** Takes the once-only notice of (token, lead time); false when it was already taken. */
  claimExpiryNotice(tokenId: string, leadSeconds: number, nowMs: number): Promise<boolean>;
  /**
   * Newest first. `keyset` pages by position instead of offset: events older than `beforeId` (ids are
   * time-ordered), with the total a cursor walk began with when known (then not counted again).
   */
  listAuditEvents(
    tenantId: string,
    limit: number,
    offset: number,
    filters?: AuditFilters,
    keyset?: AuditKeyset,
  ): Promise<Page<AuditEventRecord>>;

  findServerKeyCheck(version: number): Promise<string | null>;
  insertServerKeyCheck(version: number, checkValue: string, nowMs: number): Promise<void>;
  /**
   * How many live tokens (unrevoked, unexpired) each server-key version still hashes a usable secret
   * of (current, or rotated out and still in grace), in one tenant or the whole installation; versions
   * that hash none are absent. What must be zero before a key version may be dropped.
   */
  countLiveTokensByKeyVersion(nowMs: number, tenantId?: string): Promise<ReadonlyMap<number, number>>;
  /** Claims the one bootstrap row; false when another start already did. */
  claimBootstrap(tenantId: string, nowMs: number): Promise<boolean>;
  findBootstrapTenantId(): Promise<string | null>;
}

/** A connection pool's state, for /metrics. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  /** Requests queued for a connection. */
  readonly waiting: number;
}

export interface Store extends StoreOperations {
  /** The connection pool's state; null where there is none (SQLite's one connection). */
  poolStats(): PoolStats | null;
  /** Runs `work` in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
