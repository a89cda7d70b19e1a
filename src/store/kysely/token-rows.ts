// A token record and its row in `tokens`, converted both ways.
import type { Selectable } from 'kysely';
import type { Role } from '../../core/permissions.js';
import type { PolicyStatement } from '../../core/policy.js';
import type { RateLimitSetting, TokenKind, TokenRecord } from '../../core/token.js';
import type { TokensTable } from '../schema.js';
import { parseJson, toJson, toNullableNumber, toNumber } from './values.js';

export function tokenFromRow(row: Selectable<TokensTable>): TokenRecord {
  return {
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
    last_used_at: token.lastUsedAtMs,
    last_used_ip: token.lastUsedIp,
    last_used_user_agent: token.lastUsedUserAgent,
    revision: token.revision,
    canary: token.canary ? 1 : 0,
  };
}
