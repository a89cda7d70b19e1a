// The Store port: every read and write Tessera makes, async, with one transaction boundary.
// Services depend on this interface only; src/store/sqlite and src/store/postgres open it over Kysely.
import type { KeysetPosition } from '../core/cursor.js';
import type { EventType } from '../core/events.js';
import type { Role } from '../core/permissions.js';
import type { PolicyStatement } from '../core/policy.js';
import type { NewTokenRecord, TokenRecord } from '../core/token.js';
import type { Credential } from '../core/verify.js';

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly isOperator: boolean;
  readonly suspendedAtMs: number | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
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

/** Filters of a token listing, already validated; undefined means "not filtered". */
export interface TokenFilters {
  readonly type?: 'api' | 'session' | undefined;
  readonly kind?: 'account' | 'space' | 'manager' | undefined;
  readonly permanent?: boolean | undefined;
  readonly active?: boolean | undefined;
  readonly expired?: boolean | undefined;
  readonly revoked?: boolean | undefined;
  readonly namePrefix?: string | undefined;
  /** Only this member's tokens (within what the caller may see). */
  readonly ownerId?: string | undefined;
  readonly space?: string | undefined;
}

/** One recorded use of a token, written behind in batches (never a write per verify). */
export interface LastUse {
  readonly tokenId: string;
  readonly atMs: number;
  readonly ip: string | null;
  readonly userAgent: string | null;
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
  insertToken(token: NewTokenRecord, secret: NewSecret): Promise<TokenRecord>;
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
  revokeToken(tenantId: string, tokenId: string, nowMs: number): Promise<TokenRecord | null>;

  findTenant(tenantId: string): Promise<TenantRecord | null>;
  listTenants(limit: number, offset: number): Promise<Page<TenantRecord>>;
  insertTenant(tenant: TenantRecord): Promise<void>;
  setTenantSuspended(
    tenantId: string,
    suspendedAtMs: number | null,
    nowMs: number,
  ): Promise<TenantRecord | null>;

  findMember(tenantId: string, memberId: string): Promise<MemberRecord | null>;
  findMemberByEmail(tenantId: string, email: string): Promise<MemberRecord | null>;
  findFirstOwner(tenantId: string): Promise<MemberRecord | null>;
  listMembers(tenantId: string, limit: number, offset: number): Promise<Page<MemberRecord>>;
  insertMember(member: MemberRecord): Promise<void>;
  /** Sets a current member's role, or removes them; the updated record, or null if not current. */
  updateMember(
    tenantId: string,
    memberId: string,
    change: { role?: Role; removedAtMs?: number },
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
  listAuditEvents(tenantId: string, limit: number, offset: number): Promise<Page<AuditEventRecord>>;

  findServerKeyCheck(version: number): Promise<string | null>;
  insertServerKeyCheck(version: number, checkValue: string, nowMs: number): Promise<void>;
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
