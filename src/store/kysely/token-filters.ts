// Which tokens a listing covers: the tenant, whose tokens, and the validated filters, as WHERE clauses.
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { TokenStatus } from '../../core/token.js';
import type { Database } from '../schema.js';
import type { TokenFilters, TokenListQuery } from '../store.js';
import type { JsonConditions } from './operations.js';
import { startsWith } from './text-match.js';

type TokenSelection = SelectQueryBuilder<Database, 'tokens', object>;

/** The tokens a listing covers, unpaged: the total is counted over exactly these. */
export function tokenSelection(
  db: Kysely<Database>,
  json: JsonConditions,
  query: Omit<TokenListQuery, 'limit' | 'offset' | 'after'>,
): TokenSelection {
  let selection: TokenSelection = db.selectFrom('tokens').where('tenant_id', '=', query.tenantId);
  if (query.owner === 'service') selection = selection.where('service', '=', 1);
  else if (query.owner !== 'everyone') selection = selection.where('owner_id', '=', query.owner.memberId);
  return applyTokenFilters(selection, json, query.filters, query.nowMs);
}

/** Switched off, its member removed or its tenant suspended: what statusOf calls disabled. */
const DISABLED = sql<SqlBool>`(tokens.is_active = 0
  or exists (select 1 from members m where m.id = tokens.owner_id and m.removed_at is not null)
  or exists (select 1 from tenants n where n.id = tokens.tenant_id and n.suspended_at is not null))`;

/** statusOf as a condition: the same order (revoked, disabled, expired, not yet valid, active). */
function hasStatus(eb: ExpressionBuilder<Database, 'tokens'>, status: TokenStatus, nowMs: number) {
  if (status === 'revoked') return eb('revoked_at', 'is not', null);
  const live = [eb('revoked_at', 'is', null)];
  if (status === 'disabled') return eb.and([...live, DISABLED]);
  live.push(eb.not(DISABLED));
  const expired = eb.and([eb('expires_at', 'is not', null), eb('expires_at', '<=', nowMs)]);
  if (status === 'expired') return eb.and([...live, expired]);
  live.push(eb.not(expired));
  const early = eb.and([eb('not_before', 'is not', null), eb('not_before', '>', nowMs)]);
  return eb.and([...live, status === 'not_yet_valid' ? early : eb.not(early)]);
}

function applyTokenFilters(
  query: TokenSelection,
  json: JsonConditions,
  filters: TokenFilters,
  nowMs: number,
): TokenSelection {
  const { status } = filters;
  let q =
    status !== undefined
      ? query.where((eb) => hasStatus(eb, status, nowMs))
      : filters.revoked === true
        ? query.where('revoked_at', 'is not', null)
        : query.where('revoked_at', 'is', null);
  if (filters.type !== undefined) q = q.where('type', '=', filters.type);
  if (filters.kind !== undefined) q = q.where('kind', '=', filters.kind);
  if (filters.permanent !== undefined) q = q.where('expires_at', filters.permanent ? 'is' : 'is not', null);
  if (filters.ownerId !== undefined) q = q.where('owner_id', '=', filters.ownerId);
  if (filters.space !== undefined) q = q.where('space', '=', filters.space);
  if (filters.namePrefix !== undefined) q = q.where(startsWith('name', filters.namePrefix));
  if (filters.scope !== undefined) q = q.where(json.arrayHoldsString('tokens.scopes', filters.scope));
  for (const [key, value] of Object.entries(filters.metadata ?? {}))
    q = q.where(json.objectMapsToString('tokens.metadata', key, value));
  if (filters.expiresBeforeMs !== undefined) q = q.where('expires_at', '<', filters.expiresBeforeMs);
  if (filters.createdAfterMs !== undefined) q = q.where('created_at', '>', filters.createdAfterMs);
  if (filters.lastUsedBeforeMs !== undefined) {
    const before = filters.lastUsedBeforeMs;
    // Never used, or last used before then: no use recorded at or after it.
    q = q.where(
      sql<SqlBool>`not exists (select 1 from token_last_uses l where l.token_id = tokens.id and l.at >= ${before})`,
    );
  }
  if (filters.expired !== undefined) {
    q = filters.expired
      ? q.where('expires_at', '<=', nowMs)
      : q.where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMs)]));
  }
  if (filters.active !== undefined) {
    // Active: switched on, within its validity window (not expired, not before not_before).
    const active = filters.active;
    q = q.where((eb) => {
      const activeCondition = eb.and([
        eb('is_active', '=', 1),
        eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMs)]),
        eb.or([eb('not_before', 'is', null), eb('not_before', '<=', nowMs)]),
      ]);
      return active ? activeCondition : eb.not(activeCondition);
    });
  }
  return q;
}
