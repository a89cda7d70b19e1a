// Which tokens a listing covers: the tenant, whose tokens, and the validated filters, as WHERE clauses.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { TokenFilters, TokenListQuery } from '../store.js';
import { startsWith } from './text-match.js';

type TokenSelection = SelectQueryBuilder<Database, 'tokens', object>;

/** The tokens a listing covers, unpaged: the total is counted over exactly these. */
export function tokenSelection(
  db: Kysely<Database>,
  query: Omit<TokenListQuery, 'limit' | 'offset' | 'after'>,
): TokenSelection {
  let selection: TokenSelection = db.selectFrom('tokens').where('tenant_id', '=', query.tenantId);
  if (query.owner === 'service') selection = selection.where('service', '=', 1);
  else if (query.owner !== 'everyone') selection = selection.where('owner_id', '=', query.owner.memberId);
  return applyTokenFilters(selection, query.filters, query.nowMs);
}

function applyTokenFilters(query: TokenSelection, filters: TokenFilters, nowMs: number): TokenSelection {
  let q =
    filters.revoked === true
      ? query.where('revoked_at', 'is not', null)
      : query.where('revoked_at', 'is', null);
  if (filters.type !== undefined) q = q.where('type', '=', filters.type);
  if (filters.kind !== undefined) q = q.where('kind', '=', filters.kind);
  if (filters.permanent !== undefined) q = q.where('expires_at', filters.permanent ? 'is' : 'is not', null);
  if (filters.ownerId !== undefined) q = q.where('owner_id', '=', filters.ownerId);
  if (filters.space !== undefined) q = q.where('space', '=', filters.space);
  if (filters.namePrefix !== undefined) q = q.where(startsWith('name', filters.namePrefix));
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
