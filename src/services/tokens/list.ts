// Token listings in every paging style, with a keyset cursor always offered for the next page.
import { decodeCursor, encodeCursor, type KeysetPosition, listingFingerprint } from '../../core/cursor.js';
import { TesseraError } from '../../core/errors.js';
import { hasResourceScopedDeny } from '../../core/permissions.js';
import type { TokenRecord } from '../../core/token.js';
import { DEFAULT_TOKEN_SORT, orderOf, sortValueOf, type TokenSort } from '../../core/token-sort.js';
import type { Page, StoreOperations, TokenFilters, TokenListQuery } from '../../store/store.js';
import { type Actor, actsAsAdmin, requireAdmin, requirePermission } from '../actor.js';
import type { Deps } from '../deps.js';
import { tokenActionRefusal } from './access.js';

export type TokenPaging =
  | { readonly style: 'page' | 'offset'; readonly limit: number; readonly offset: number }
  | { readonly style: 'cursor'; readonly limit: number; readonly cursor: string };

export interface ListTokensInput {
  readonly filters: TokenFilters;
  readonly paging: TokenPaging;
  /**
   * Every member's tokens, not just the caller's (admins; LaunchDarkly showAll). `when-admin`: every
   * member's for a caller acting as admin or owner, the caller's own otherwise (Lagrello).
   */
  readonly showAll?: boolean | 'when-admin';
  /** The listing's order; newest first when absent. */
  readonly sort?: TokenSort | undefined;
}

export interface TokenListPage extends Page<TokenRecord> {
  readonly nextCursor: string | null;
}

export type Scope = Omit<TokenListQuery, 'limit' | 'offset' | 'after' | 'nowMs'>;

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

/** A scope read in `sort` order; the order is part of the listing a cursor is bound to. */
function sorted(scope: Scope, sort: TokenSort | undefined): Scope {
  return sort === undefined || sort === DEFAULT_TOKEN_SORT ? scope : { ...scope, sort };
}

/** Where a requested page starts, decoded once: past an offset, or after a keyset position. */
interface PageStart {
  readonly offset: number;
  readonly after: KeysetPosition | undefined;
  /** The total a cursor walk began with, when the cursor carries one. */
  readonly knownTotal: number | undefined;
}

function pageStart(deps: Deps, fingerprint: string, paging: TokenPaging): PageStart {
  if (paging.style !== 'cursor') return { offset: paging.offset, after: undefined, knownTotal: undefined };
  const decoded = decodeCursor(deps.keys.current.key, paging.cursor, fingerprint);
  if (decoded === null)
    throw new TesseraError('invalid_query', 'the cursor is not one this listing gave out');
  return { offset: 0, after: decoded.position, knownTotal: decoded.totalItems ?? undefined };
}

function pageOf(
  deps: Deps,
  scope: Scope,
  fingerprint: string,
  items: readonly TokenRecord[],
  hasMore: boolean,
  totalItems: number,
): TokenListPage {
  const last = items[items.length - 1];
  return {
    items,
    totalItems,
    nextCursor:
      hasMore && last !== undefined
        ? encodeCursor(deps.keys.current.key, keysetPositionOf(last, scope.sort), fingerprint, totalItems)
        : null,
  };
}

/** Where a page that ends with `token` leaves off, in the listing's order. */
function keysetPositionOf(token: TokenRecord, sort: TokenSort | undefined): KeysetPosition {
  return { value: sortValueOf(token, orderOf(sort ?? DEFAULT_TOKEN_SORT).field), id: token.id };
}

const WALK_BATCH = 500;

/** Every token of a scope in listing order (newest first), from `after` on, read in keyset batches. */
export async function* walkScope(
  store: Pick<StoreOperations, 'listTokens'>,
  scope: Scope,
  nowMs: number,
  after?: KeysetPosition,
): AsyncGenerator<TokenRecord> {
  let position = after;
  for (;;) {
    // knownTotal: the walk needs rows, not a count of them.
    const batch = await store.listTokens({
      ...scope,
      nowMs,
      limit: WALK_BATCH,
      offset: 0,
      after: position,
      knownTotal: 0,
    });
    yield* batch.items;
    const last = batch.items[batch.items.length - 1];
    if (last === undefined || batch.items.length < WALK_BATCH) return;
    position = keysetPositionOf(last, scope.sort);
  }
}

/**
 * The exact page where the caller's policy tells the tokens of one scope apart (a deny on some
 * `tokens/<id>`): the scope is walked and each token asked the per-object decision, so the page and
 * its total hold only tokens the caller may read. Costs a read of the scope; only such callers pay it.
 */
async function readDecidedPage(
  deps: Deps,
  actor: Actor,
  scope: Scope,
  paging: TokenPaging,
  action: string,
): Promise<TokenListPage> {
  const fingerprint = listingFingerprint(scope);
  const start = pageStart(deps, fingerprint, paging);
  const items: TokenRecord[] = [];
  let visible = 0;
  let hasMore = false;
  for await (const token of decidedWalk(deps, scope, start.after)) {
    if (tokenActionRefusal(actor, token, action) !== null) continue;
    visible++;
    if (visible <= start.offset) continue;
    if (items.length < paging.limit) items.push(token);
    else {
      hasMore = true;
      if (start.knownTotal !== undefined) break;
    }
  }
  // A cursor page saw only what follows its position: the walk's total came with the cursor. A cursor
  // from before totals were carried counts the whole scope again.
  let totalItems = visible;
  if (start.after !== undefined) {
    totalItems = start.knownTotal ?? 0;
    if (start.knownTotal === undefined) {
      for await (const token of decidedWalk(deps, scope)) {
        if (tokenActionRefusal(actor, token, action) === null) totalItems++;
      }
    }
  }
  return pageOf(deps, scope, fingerprint, items, hasMore, totalItems);
}

/**
 * The most tokens one decided listing reads: a caller whose policy singles out tokens pays a read of
 * its listing's scope per page, so the scope is bounded (narrow it with filters past this).
 */
export const MAX_DECIDED_SCOPE = 10_000;

async function* decidedWalk(deps: Deps, scope: Scope, after?: KeysetPosition): AsyncGenerator<TokenRecord> {
  let read = 0;
  for await (const token of walkScope(deps.store, scope, deps.clock.nowMs(), after)) {
    if (++read > MAX_DECIDED_SCOPE) {
      throw new TesseraError(
        'permissions_too_complex',
        `this token's policy singles out tokens, so its listings are decided token by token, for at most ${MAX_DECIDED_SCOPE} tokens; narrow the listing with filters (name_prefix, owner, space, type)`,
      );
    }
    yield token;
  }
}

/** One page of a scope straight from the store: every token in it is one the caller may read. */
async function readPage(deps: Deps, scope: Scope, paging: TokenPaging): Promise<TokenListPage> {
  const fingerprint = listingFingerprint(scope);
  const start = pageStart(deps, fingerprint, paging);
  // One row more than asked tells whether a next page exists without a second query.
  const page = await deps.store.listTokens({
    ...scope,
    nowMs: deps.clock.nowMs(),
    limit: paging.limit + 1,
    offset: start.offset,
    after: start.after,
    knownTotal: start.knownTotal,
  });
  const items = page.items.slice(0, paging.limit);
  return pageOf(deps, scope, fingerprint, items, page.items.length > paging.limit, page.totalItems);
}

/**
 * A listing holds exactly the tokens of its scope that the per-object decision lets the caller read.
 * The scope (owner, space, filters) already is that set unless a deny statement singles out some
 * tokens; then each is decided. A page from the store that still holds a refused token (a case the
 * reasoning above missed) is never shown: the exact path answers instead.
 */
async function readVisiblePage(
  deps: Deps,
  actor: Actor,
  scope: Scope,
  paging: TokenPaging,
): Promise<TokenListPage> {
  const action = 'tokens:read';
  if (!hasResourceScopedDeny(actor.authority, action)) {
    const page = await readPage(deps, scope, paging);
    if (page.items.every((token) => tokenActionRefusal(actor, token, action) === null)) return page;
  }
  return readDecidedPage(deps, actor, scope, paging, action);
}

export function listTokens(deps: Deps, actor: Actor, input: ListTokensInput): Promise<TokenListPage> {
  const showAll = input.showAll === 'when-admin' ? actsAsAdmin(actor) : (input.showAll ?? false);
  return readVisiblePage(
    deps,
    actor,
    sorted(listingScope(actor, input.filters, showAll, 'tokens:read'), input.sort),
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
  return readVisiblePage(
    deps,
    actor,
    sorted(listingScope(actor, input.filters, true, 'tokens:read'), input.sort),
    input.paging,
  );
}
