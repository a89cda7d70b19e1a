// The Token record, its lifetime rules and defaults, and its public JSON view.
import { lowerRole, type Role, type TokenKind } from './permissions.js';
import type { PolicyStatement } from './policy.js';
import type { RateLimitSetting } from './rate-limit.js';
import type { TokenType } from './secret.js';
import {
  formatNullableTimestamp,
  formatTimestamp,
  MS_PER_DAY,
  MS_PER_MINUTE,
  MS_PER_SECOND,
} from './time.js';
import type { LIFETIMES } from './token-fields.js';

export type { TokenKind };
export type Lifetime = (typeof LIFETIMES)[number];

export type { RateLimitSetting };

export interface TokenRecord {
  readonly id: string;
  /**
   * The token's number in the one sequence of the whole installation: assigned by the store when the
   * token is written, never reused (NeuroIO's integer id; an id names at most one token).
   */
  readonly serial: number;
  readonly tenantId: string;
  /** The member a personal token belongs to; null for a service token. */
  readonly ownerId: string | null;
  readonly createdByMemberId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly type: TokenType;
  readonly kind: TokenKind;
  readonly space: string | null;
  readonly isActive: boolean;
  readonly service: boolean;
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly PolicyStatement[] | null;
  readonly customRoles: readonly string[] | null;
  readonly allowedCidrs: readonly string[] | null;
  readonly rateLimit: RateLimitSetting | null;
  readonly maxUses: number | null;
  readonly remainingUses: number | null;
  readonly metadata: Readonly<Record<string, unknown>> | null;
  readonly defaultApiVersion: number | null;
  /** Last 4 characters of the current secret. */
  readonly hint: string;
  /** Whether this token counts toward its owner's permanent-token cap (made by POST /v1/tokens). */
  readonly countsTowardCap: boolean;
  /** For service tokens: the creator's role at creation, which caps the token for good. */
  readonly capRole: Role | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly notBeforeMs: number | null;
  readonly expiresAtMs: number | null;
  readonly revokedAtMs: number | null;
  readonly lastUsedAtMs: number | null;
  readonly lastUsedIp: string | null;
  readonly lastUsedUserAgent: string | null;
  /** Bumped on every change; the ETag is derived from it. */
  readonly revision: number;
  /**
   * A decoy (SPEC "Canary tokens"): whoever presents it is answered exactly as for an unknown token,
   * and its owner hears of it (an event, a usage count).
   */
  readonly canary: boolean;
  /** Why it was revoked: `revoked` (a revoke), `leaked` (a leak report); null while not revoked. */
  readonly revokedReason: string | null;
  /** Brought from another system with its existing secret (SPEC "Leaks and migration"). */
  readonly imported: boolean;
  /** What a read of the token also learns (its member, its tenant, its secrets); absent on a token being made. */
  readonly facts?: TokenFacts | undefined;
}

/**
 * Facts about a token that live outside its row, read with it so its public view can tell the state
 * it acts in: its status, the role it acts with now, and how long a rotated-out secret still works.
 * Never written: a change to the token leaves them as they were read.
 */
export interface TokenFacts {
  /** The owner's current role (a personal token); null for a service token. */
  readonly memberRole: Role | null;
  readonly memberRemoved: boolean;
  readonly tenantSuspended: boolean;
  /** The latest end of a rotated-out secret's grace, past or future; null when there never was one. */
  readonly previousSecretExpiresAtMs: number | null;
}

export const TOKEN_STATUSES = ['active', 'disabled', 'expired', 'revoked', 'not_yet_valid'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/**
 * The one word for a token's state now, first match wins: revoked; disabled (switched off, its member
 * removed, its tenant suspended); expired; not yet valid; else active. The same order verify checks.
 */
export function statusOf(token: TokenRecord, nowMs: number): TokenStatus {
  if (token.revokedAtMs !== null) return 'revoked';
  if (!token.isActive || token.facts?.memberRemoved === true || token.facts?.tenantSuspended === true)
    return 'disabled';
  if (token.expiresAtMs !== null && nowMs >= token.expiresAtMs) return 'expired';
  if (token.notBeforeMs !== null && nowMs < token.notBeforeMs) return 'not_yet_valid';
  return 'active';
}

/**
 * The role a token acts with now: its own, capped by its member's current role (a personal token; a
 * demotion narrows it at once) or by its creator's role at creation (a service token). Null when it
 * has no role, or its member was removed.
 */
export function effectiveRoleOf(token: TokenRecord): Role | null {
  if (token.role === null || token.facts?.memberRemoved === true) return null;
  const cap = token.service ? token.capRole : (token.facts?.memberRole ?? null);
  return cap === null ? token.role : lowerRole(token.role, cap);
}

/** A token as it is made, before the store gives it its serial. */
export type NewTokenRecord = Omit<TokenRecord, 'serial'>;

export { MAX_DEFAULT_API_VERSION } from './token-fields.js';

export const SESSION_DEFAULT_TTL_MS = 30 * MS_PER_MINUTE;
export const TEMPORARY_DEFAULT_TTL_MS = MS_PER_DAY;
/** A lifetime beyond ten years is a mistake, not a wish: refuse it rather than store it. */
export const MAX_LIFETIME_MS = 3650 * MS_PER_DAY;

/**
 * What a token given no expiry gets. `by-type`: the native defaults (a session 30 minutes, a temporary
 * api token 24 hours, an api token permanent). `short-lived`: every token the session length unless it
 * asks to be permanent (TileDB's default for its api and session tokens alike).
 */
export const EXPIRY_DEFAULTS = ['by-type', 'short-lived'] as const;
export type ExpiryDefault = (typeof EXPIRY_DEFAULTS)[number];

export interface LifetimeRequest {
  readonly type: TokenType;
  readonly expiryDefault?: ExpiryDefault | undefined;
  readonly lifetime?: Lifetime | undefined;
  readonly ttlSeconds?: number | undefined;
  readonly expiresAtMs?: number | undefined;
  readonly notBeforeMs?: number | undefined;
}

export type LifetimeDecision =
  | { readonly ok: true; readonly expiresAtMs: number | null; readonly notBeforeMs: number | null }
  | { readonly ok: false; readonly detail: string };

/**
 * A session token is temporary, always: the one rule that create and every PATCH share (a session
 * made permanent would be a login that never ends). Null when the expiry is allowed for the type.
 */
export function lifetimeProblem(type: TokenType, expiresAtMs: number | null): string | null {
  return type === 'session' && expiresAtMs === null
    ? 'session tokens are temporary: they always have an expiry'
    : null;
}

/** SPEC "Lifetimes": defaults per type, and every combination that must be refused. */
export function resolveLifetime(request: LifetimeRequest, nowMs: number): LifetimeDecision {
  const { type, lifetime, ttlSeconds, expiresAtMs, notBeforeMs } = request;
  const shortLived = request.expiryDefault === 'short-lived';
  if (ttlSeconds !== undefined && expiresAtMs !== undefined)
    return { ok: false, detail: 'give ttl or expires_at, not both' };
  const explicitExpiry = ttlSeconds !== undefined || expiresAtMs !== undefined;
  if (lifetime === 'permanent' && explicitExpiry)
    return { ok: false, detail: 'a permanent token has no ttl or expires_at' };

  let expiry: number | null;
  if (ttlSeconds !== undefined) expiry = nowMs + ttlSeconds * MS_PER_SECOND;
  else if (expiresAtMs !== undefined) expiry = expiresAtMs;
  else if (lifetime === 'permanent') expiry = null;
  else if (type === 'session' || shortLived) expiry = nowMs + SESSION_DEFAULT_TTL_MS;
  else if (lifetime === 'temporary') expiry = nowMs + TEMPORARY_DEFAULT_TTL_MS;
  else expiry = null;

  const typeProblem = lifetimeProblem(type, expiry);
  if (typeProblem !== null) return { ok: false, detail: typeProblem };
  if (expiry !== null && expiry <= nowMs) return { ok: false, detail: 'expires_at must be in the future' };
  if (expiry !== null && expiry - nowMs > MAX_LIFETIME_MS)
    return { ok: false, detail: 'a token may live at most 3650 days' };
  if (notBeforeMs !== undefined && expiry !== null && notBeforeMs >= expiry)
    return { ok: false, detail: 'not_before must be earlier than expires_at' };
  if (notBeforeMs !== undefined && notBeforeMs - nowMs > MAX_LIFETIME_MS)
    return { ok: false, detail: 'not_before is too far in the future' };
  return { ok: true, expiresAtMs: expiry, notBeforeMs: notBeforeMs ?? null };
}

/**
 * Whether Tessera issued this token itself (a tenant's owner token, a member's first token): the only
 * permanent personal tokens outside the cap, since every permanent create and every patch to permanent
 * counts toward it.
 */
export function issuedByTessera(
  token: Pick<TokenRecord, 'ownerId' | 'countsTowardCap' | 'expiresAtMs' | 'service'>,
): boolean {
  return token.ownerId !== null && !token.service && !token.countsTowardCap && token.expiresAtMs === null;
}

/** The member a token shows as its creator: for one Tessera issued, the member it was issued to. */
export function creatorOf(token: TokenRecord): string | null {
  return issuedByTessera(token) ? token.ownerId : (token.createdByMemberId ?? token.ownerId);
}

export function lifetimeOf(token: Pick<TokenRecord, 'expiresAtMs'>): Lifetime {
  return token.expiresAtMs === null ? 'permanent' : 'temporary';
}

/** The wire shape of a token: every public field, null when unset (SPEC "JSON"). */
export interface PublicToken {
  readonly id: string;
  readonly serial: number;
  readonly name: string;
  readonly description: string | null;
  readonly type: TokenType;
  readonly kind: TokenKind;
  readonly lifetime: Lifetime;
  readonly is_active: boolean;
  readonly canary: boolean;
  readonly service: boolean;
  readonly owner_id: string | null;
  readonly tenant_id: string;
  readonly space: string | null;
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly unknown[] | null;
  readonly custom_roles: readonly string[] | null;
  readonly allowed_cidrs: readonly string[] | null;
  readonly rate_limit: { readonly limit: number; readonly window_seconds: number } | null;
  readonly max_uses: number | null;
  readonly remaining_uses: number | null;
  readonly metadata: Readonly<Record<string, unknown>> | null;
  readonly default_api_version: number | null;
  readonly hint: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly not_before: string | null;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
  readonly revoked_reason: string | null;
  readonly last_used_at: string | null;
  readonly last_used_ip: string | null;
  readonly last_used_user_agent: string | null;
  readonly status: TokenStatus;
  readonly effective_role: Role | null;
  readonly previous_secret_expires_at: string | null;
  readonly imported: boolean;
}

/** The public view of a token as it stands at `nowMs` (its status and rotation state depend on it). */
export function toPublicToken(token: TokenRecord, nowMs: number): PublicToken {
  const previousEndMs = token.facts?.previousSecretExpiresAtMs ?? null;
  return {
    id: token.id,
    serial: token.serial,
    name: token.name,
    description: token.description,
    type: token.type,
    kind: token.kind,
    lifetime: lifetimeOf(token),
    is_active: token.isActive,
    canary: token.canary,
    service: token.service,
    owner_id: token.ownerId,
    tenant_id: token.tenantId,
    space: token.space,
    role: token.role,
    scopes: token.scopes,
    policy: token.policy,
    custom_roles: token.customRoles,
    allowed_cidrs: token.allowedCidrs,
    rate_limit:
      token.rateLimit === null
        ? null
        : { limit: token.rateLimit.limit, window_seconds: token.rateLimit.windowSeconds },
    max_uses: token.maxUses,
    remaining_uses: token.remainingUses,
    metadata: token.metadata,
    default_api_version: token.defaultApiVersion,
    hint: token.hint,
    created_at: formatTimestamp(token.createdAtMs),
    updated_at: formatTimestamp(token.updatedAtMs),
    not_before: formatNullableTimestamp(token.notBeforeMs),
    expires_at: formatNullableTimestamp(token.expiresAtMs),
    revoked_at: formatNullableTimestamp(token.revokedAtMs),
    revoked_reason: token.revokedReason,
    last_used_at: formatNullableTimestamp(token.lastUsedAtMs),
    last_used_ip: token.lastUsedIp,
    last_used_user_agent: token.lastUsedUserAgent,
    status: statusOf(token, nowMs),
    effective_role: effectiveRoleOf(token),
    // Only while the rotated-out secret still works: afterwards there is nothing to wait for.
    previous_secret_expires_at:
      previousEndMs !== null && previousEndMs > nowMs && token.revokedAtMs === null
        ? formatTimestamp(previousEndMs)
        : null,
    imported: token.imported,
  };
}

/** A name the owner already uses gets `-1`, `-2`, … appended (TileDB). */
export function uniqueName(requested: string, taken: ReadonlySet<string>): string {
  if (!taken.has(requested)) return requested;
  for (let suffix = 1; ; suffix++) {
    const candidate = `${requested}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function etagOf(token: Pick<TokenRecord, 'id' | 'revision'>): string {
  return `"${token.id}.${token.revision}"`;
}
