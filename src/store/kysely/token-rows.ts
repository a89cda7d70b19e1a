// A token record and its row in `tokens`, converted both ways.
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Role } from '../../core/permissions.js';
import type { PolicyStatement } from '../../core/policy.js';
import type { RateLimitSetting, TokenKind, TokenRecord } from '../../core/token.js';
import type { Database, TokensTable } from '../schema.js';
import { parseJson, toJson, toNullableNumber, toNumber } from './values.js';

/** The facts a read adds to a token's row (see TokenFacts), each from one indexed lookup. */
export interface TokenFactColumns {
  fact_member_role: string | null;
  fact_member_removed_at: number | string | null;
  fact_tenant_suspended_at: number | string | null;
  fact_secret_ends_at: number | string | null;
  fact_import_ends_at: number | string | null;
}

/** A token's last use, from `token_last_uses` (left-joined as `u`); all null: never used. */
export interface LastUseColumns {
  last_used_at: number | string | null;
  last_used_ip: string | null;
  last_used_user_agent: string | null;
}

/**
 * Adds the token's facts and its last use to a selection of `tokens` rows: the last use by a left
 * join on its primary key (alias `u`, which a listing orders by), the facts by correlated lookups by
 * primary key or by token_id (indexed), evaluated only for the rows a page returns.
 */
export function withTokenFacts<O>(
  query: SelectQueryBuilder<Database, 'tokens', O>,
): SelectQueryBuilder<Database, 'tokens', O & TokenFactColumns & LastUseColumns> {
  return query
    .leftJoin('token_last_uses as u', 'u.token_id', 'tokens.id')
    .select([
      'u.at as last_used_at',
      'u.ip as last_used_ip',
      'u.user_agent as last_used_user_agent',
      sql<string | null>`(select m.role from members m where m.id = tokens.owner_id)`.as('fact_member_role'),
      sql<number | null>`(select m.removed_at from members m where m.id = tokens.owner_id)`.as(
        'fact_member_removed_at',
      ),
      sql<number | null>`(select n.suspended_at from tenants n where n.id = tokens.tenant_id)`.as(
        'fact_tenant_suspended_at',
      ),
      sql<number | null>`(select max(s.expires_at) from token_secrets s where s.token_id = tokens.id)`.as(
        'fact_secret_ends_at',
      ),
      sql<number | null>`(select max(i.expires_at) from imported_secrets i where i.token_id = tokens.id)`.as(
        'fact_import_ends_at',
      ),
    ]) as unknown as SelectQueryBuilder<Database, 'tokens', O & TokenFactColumns & LastUseColumns>;
}

function factsOf(row: Partial<TokenFactColumns>, service: boolean): TokenRecord['facts'] {
  if (!('fact_member_role' in row)) return undefined;
  const ends = [
    toNullableNumber(row.fact_secret_ends_at ?? null),
    toNullableNumber(row.fact_import_ends_at ?? null),
  ];
  const latest = ends.reduce<number | null>(
    (max, end) => (end !== null && (max === null || end > max) ? end : max),
    null,
  );
  return {
    memberRole: service ? null : ((row.fact_member_role ?? null) as Role | null),
    memberRemoved: !service && row.fact_member_removed_at != null,
    tenantSuspended: row.fact_tenant_suspended_at != null,
    previousSecretExpiresAtMs: latest,
  };
}

export function tokenFromRow(
  row: Selectable<TokensTable> & LastUseColumns & Partial<TokenFactColumns>,
): TokenRecord {
  return {
    facts: factsOf(row, row.service === 1),
    id: row.id,
    serial: toNumber(row.serial),
    tenantId: row.tenant_id,
    ownerId: row.owner_id,
    createdByMemberId: row.created_by_member_id,
    name: row.name,
    description: row.description,
    type: row.type as TokenRecord['type'],
    kind: row.kind as TokenKind,
    space: row.space,
    isActive: row.is_active === 1,
    service: row.service === 1,
    role: row.role as Role | null,
    scopes: JSON.parse(row.scopes) as string[],
    policy: parseJson<PolicyStatement[]>(row.policy),
    customRoles: parseJson<string[]>(row.custom_roles),
    allowedCidrs: parseJson<string[]>(row.allowed_cidrs),
    rateLimit: parseJson<RateLimitSetting>(row.rate_limit),
    maxUses: row.max_uses,
    remainingUses: row.remaining_uses,
    metadata: parseJson<Record<string, unknown>>(row.metadata),
    defaultApiVersion: row.default_api_version,
    hint: row.hint,
    countsTowardCap: row.counts_toward_cap === 1,
    capRole: row.cap_role as Role | null,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
    notBeforeMs: toNullableNumber(row.not_before),
    expiresAtMs: toNullableNumber(row.expires_at),
    revokedAtMs: toNullableNumber(row.revoked_at),
    lastUsedAtMs: toNullableNumber(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    lastUsedUserAgent: row.last_used_user_agent,
    revision: row.revision,
    canary: row.canary === 1,
    revokedReason: row.revoked_reason,
    imported: row.imported === 1,
  };
}

export function tokenToRow(token: TokenRecord): Selectable<TokensTable> {
  return {
    id: token.id,
    serial: token.serial,
    tenant_id: token.tenantId,
    owner_id: token.ownerId,
    name_scope: token.ownerId ?? '',
    created_by_member_id: token.createdByMemberId,
    name: token.name,
    description: token.description,
    type: token.type,
    kind: token.kind,
    space: token.space,
    is_active: token.isActive ? 1 : 0,
    service: token.service ? 1 : 0,
    role: token.role,
    scopes: JSON.stringify(token.scopes),
    policy: toJson(token.policy),
    custom_roles: toJson(token.customRoles),
    allowed_cidrs: toJson(token.allowedCidrs),
    rate_limit: toJson(token.rateLimit),
    max_uses: token.maxUses,
    remaining_uses: token.remainingUses,
    metadata: toJson(token.metadata),
    default_api_version: token.defaultApiVersion,
    hint: token.hint,
    counts_toward_cap: token.countsTowardCap ? 1 : 0,
    cap_role: token.capRole,
    created_at: token.createdAtMs,
    updated_at: token.updatedAtMs,
    not_before: token.notBeforeMs,
    expires_at: token.expiresAtMs,
    revoked_at: token.revokedAtMs,
    revision: token.revision,
    canary: token.canary ? 1 : 0,
    revoked_reason: token.revokedReason,
    imported: token.imported ? 1 : 0,
  };
}
