// Revoking tokens: one (idempotent, any token itself), or every token of a listing's set that the
// caller could revoke one by one. The record stays for audit; each revocation writes its event.
import { TesseraError } from '../../core/errors.js';
import { maskSecretShapes } from '../../core/secret.js';
import type { TokenRecord } from '../../core/token.js';
import type { StoreOperations, TokenFilters } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { auditEvent } from '../audit.js';
import type { Deps, RequestContext } from '../deps.js';
import { tokenEvent } from '../events/build.js';
import { checkIfMatch, type RevokedTokens, tokenActionRefusal } from './access.js';
import { auditTokenChange } from './audit.js';
import { listingScope, walkScope } from './list.js';

async function revokeInTransaction(
  deps: Deps,
  tx: StoreOperations,
  actor: Actor,
  tokenId: string,
): Promise<boolean> {
  const nowMs = deps.clock.nowMs();
  const revoked = await tx.revokeToken(actor.tenantId, tokenId, nowMs);
  // Revoking a revoked token changes nothing, so it writes no event (and still answers 204).
  if (revoked === null) return false;
  await auditTokenChange(deps, tx, actor, nowMs, 'token.revoke', revoked);
  await tx.insertEvents([tokenEvent(deps, nowMs, 'token.revoked', revoked)]);
  return true;
}

/**
 * The per-object decision for revoking: every token may revoke itself, by id as by /self, whatever its
 * grants; any other token needs tokens:write on it. One revoke and a bulk revoke both ask this.
 */
function revokeRefusal(actor: Actor, token: TokenRecord): string | null {
  return token.id === actor.token.id ? null : tokenActionRefusal(actor, token, 'tokens:write');
}

/**
 * Revokes one token. With `revoked: 'kept'` (native) revoking a revoked token is a no-op that still
 * succeeds; with `gone` (the dialects) it is not found, as every read of it is.
 */
export async function revokeToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  ifMatch?: string,
  revoked: RevokedTokens = 'kept',
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const found = await tx.findToken(actor.tenantId, tokenId);
    if (found === null || (revoked === 'gone' && found.revokedAtMs !== null))
      throw new TesseraError('not_found', 'no such token');
    const refusal = revokeRefusal(actor, found);
    if (refusal !== null) throw new TesseraError('forbidden', refusal);
    // If-Match is decided on the token as it is once this transaction holds its owner's scope, as patch
    // and rotate do: a change that commits meanwhile makes the tag stale (412), never overtaken.
    await tx.lockOwnerScope(found.tenantId, found.ownerId);
    const current = (await tx.findToken(actor.tenantId, tokenId)) ?? found;
    checkIfMatch(current, ifMatch);
    await revokeInTransaction(deps, tx, actor, tokenId);
  });
}

/** Where a leaked secret was found and who said so: the reporter's words, kept in audit and the event. */
export interface LeakNotice {
  readonly source: string | null;
  readonly reporter: string | null;
  /** `leak-report` (POST /v1/leaks) or `github` (the secret scanning partner endpoint). */
  readonly via: 'leak-report' | 'github';
}

/**
 * Revokes a token whose secret was reported leaked: the same guarded revoke (so every instance's cache
 * hears of it), `revoked_reason: leaked`, audited with the leak-report actor, announced as
 * `token.leaked`. False when it was already revoked. Anyone holding the secret may do this.
 */
export async function revokeLeakedToken(
  deps: Deps,
  token: TokenRecord,
  notice: LeakNotice,
  context: RequestContext,
): Promise<boolean> {
  // The reporter's text is stored and shown again: a secret pasted into it is masked.
  const source = notice.source === null ? null : maskSecretShapes(notice.source);
  const reporter = notice.reporter === null ? null : maskSecretShapes(notice.reporter);
  return deps.store.transaction(async (tx) => {
    const nowMs = deps.clock.nowMs();
    const revoked = await tx.revokeToken(token.tenantId, token.id, nowMs, 'leaked');
    if (revoked === null) return false;
    await tx.insertAuditEvent(
      auditEvent(deps, nowMs, null, context, {
        tenantId: token.tenantId,
        action: 'token.revoke',
        targetType: 'token',
        targetId: token.id,
        details: { name: token.name, reason: 'leaked', actor: notice.via, source, reporter },
      }),
    );
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.leaked', revoked, { source, reporter })]);
    return true;
  });
}

/** Every token may revoke itself, whatever its grants (Fastly DELETE /tokens/self). */
export async function revokeSelf(deps: Deps, actor: Actor): Promise<void> {
  await deps.store.transaction((tx) => revokeInTransaction(deps, tx, actor, actor.token.id));
}

export interface BulkRevokeRequest {
  readonly filters: TokenFilters;
  readonly showAll?: boolean;
  /** The calling token is spared unless this is set. */
  readonly includeSelf?: boolean;
}

/**
 * NeuroIO delete_list: revoke the tokens of the listing's set that the caller could revoke one by one
 * (the same per-object decision, denies included: seeing a token never grants revoking it); one audit
 * event per token.
 */
export async function revokeMatching(deps: Deps, actor: Actor, request: BulkRevokeRequest): Promise<number> {
  const scope = listingScope(
    actor,
    { ...request.filters, revoked: false },
    request.showAll ?? false,
    'tokens:write',
  );
  return deps.store.transaction(async (tx) => {
    const targets: string[] = [];
    for await (const token of walkScope(tx, scope, deps.clock.nowMs())) {
      if (token.id === actor.token.id && request.includeSelf !== true) continue;
      if (revokeRefusal(actor, token) === null) targets.push(token.id);
    }
    let revoked = 0;
    for (const id of targets) {
      if (await revokeInTransaction(deps, tx, actor, id)) revoked++;
    }
    return revoked;
  });
}

/**
 * Fastly's bulk revoke: every token named, or none. Each id must name a live token of the caller's
 * tenant that the caller could revoke one by one; the first that does not refuses the whole request
 * (`invalid_request`, naming it) and nothing is revoked.
 */
export async function revokeEach(deps: Deps, actor: Actor, tokenIds: readonly string[]): Promise<number> {
  return deps.store.transaction(async (tx) => {
    for (const tokenId of tokenIds) {
      const token = await tx.findToken(actor.tenantId, tokenId);
      if (token === null || token.revokedAtMs !== null)
        throw new TesseraError('invalid_request', `no token ${tokenId} to revoke; nothing was revoked`);
      const refusal = revokeRefusal(actor, token);
      if (refusal !== null)
        throw new TesseraError('invalid_request', `${refusal} (token ${tokenId}); nothing was revoked`);
    }
    let revoked = 0;
    for (const tokenId of new Set(tokenIds)) {
      if (await revokeInTransaction(deps, tx, actor, tokenId)) revoked++;
    }
    return revoked;
  });
}
