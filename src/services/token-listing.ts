// Token listings in every paging style, with a keyset cursor always offered for the next page.
import { decodeCursor, encodeCursor, listingFingerprint } from '../core/cursor.js';
import { TesseraError } from '../core/errors.js';
import type { TokenRecord } from '../core/token.js';
import type { Page, TokenFilters, TokenListQuery } from '../store/store.js';
import { type Actor, requireAdmin, requirePermission } from './actor.js';
import type { Deps } from './deps.js';

export type TokenPaging =
  | { readonly style: 'page' | 'offset'; readonly limit: number; readonly offset: number }
  | { readonly style: 'cursor'; readonly limit: number; readonly cursor: string };

export interface ListTokensInput {
  readonly filters: TokenFilters;
  readonly paging: TokenPaging;
  /** Every member's tokens, not just the caller's (admins; LaunchDarkly showAll). */
  readonly showAll?: boolean;
}

export interface TokenListPage extends Page<TokenRecord> {
  readonly nextCursor: string | null;
}

type Scope = Omit<TokenListQuery, 'limit' | 'offset' | 'after' | 'nowMs'>;

/** Which tokens a caller's listing covers; the same scope serves list and bulk revoke. */
export function listingScope(actor: Actor, requested: TokenFilters, showAll: boolean, action: string): Scope {
  // A space token lists (and bulk-revokes) only inside its space.
  const space = actor.authority.kind === 'space' ? actor.authority.space! : undefined;
  if (space !== undefined && requested.space !== undefined && requested.space !== space) {
    throw new TesseraError('forbidden', 'a space token lists only the tokens of its space');
  }
  const filters: TokenFilters = space === undefined ? requested : { ...requested, space };
  const foreignOwner = filters.ownerId !== undefined && filters.ownerId !== actor.memberId;
  if (showAll || foreignOwner) {
    requireAdmin(actor, action);
    return { tenantId: actor.tenantId, owner: 'everyone', filters };
  }
  requirePermission(actor, action);
  return {
    tenantId: actor.tenantId,
    owner: actor.token.service ? 'service' : { memberId: actor.memberId! },
    filters,
  };
}

async function readPage(deps: Deps, scope: Scope, paging: TokenPaging): Promise<TokenListPage> {
  const key = deps.keys.current.key;
  const fingerprint = listingFingerprint(scope);
  let after: TokenListQuery['after'];
  let knownTotal: number | undefined;
  if (paging.style === 'cursor') {
    const decoded = decodeCursor(key, paging.cursor, fingerprint);
    if (decoded === null)
      throw new TesseraError('invalid_query', 'the cursor is not one this listing gave out');
    after = decoded.position;
    knownTotal = decoded.totalItems ?? undefined;
  }
  const offset = paging.style === 'cursor' ? 0 : paging.offset;
  // One row more than asked tells whether a next page exists without a second query.
  const page = await deps.store.listTokens({
    ...scope,
    nowMs: deps.clock.nowMs(),
    limit: paging.limit + 1,
    offset,
    after,
    knownTotal,
  });
  const items = page.items.slice(0, paging.limit);
  const last = items[items.length - 1];
  const hasMore = page.items.length > paging.limit;
  return {
    items,
    totalItems: page.totalItems,
    nextCursor:
      hasMore && last !== undefined
        ? encodeCursor(key, { createdAtMs: last.createdAtMs, id: last.id }, fingerprint, page.totalItems)
        : null,
  };
}

export function listTokens(deps: Deps, actor: Actor, input: ListTokensInput): Promise<TokenListPage> {
  return readPage(
    deps,
    listingScope(actor, input.filters, input.showAll ?? false, 'tokens:read'),
    input.paging,
  );
}

/** Fastly's customer listing: a whole tenant's tokens, for that tenant's admins and owners only. */
export function listTenantTokens(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  input: ListTokensInput,
): Promise<TokenListPage> {
  if (tenantId !== actor.tenantId) throw new TesseraError('not_found', 'no such tenant');
  return readPage(deps, listingScope(actor, input.filters, true, 'tokens:read'), input.paging);
}
