// Changing tokens: patch, rotate, revoke one, revoke many. Each is one transaction that re-reads the
// token, honours If-Match, writes with a revision guard, and records its audit event.
import { TesseraError } from '../core/errors.js';
import { applyJsonPatch, applyMergePatch, type Json } from '../core/json-patch.js';
import { formatSecret, SECRET_RANDOM_BYTES, secretHint } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import { epochMsProblem } from '../core/time.js';
import { type TokenRecord, toPublicToken } from '../core/token.js';
import { planTokenPatch } from '../core/token-patch.js';
import type { StoreOperations, TokenFilters } from '../store/store.js';
import { type Actor, requireWithin } from './actor.js';
import { recordChange } from './audit.js';
import type { Deps } from './deps.js';
import { checkIfMatch, findAccessibleToken, tokenActionRefusal } from './token-access.js';
import { listingScope, walkScope } from './token-listing.js';
import { type IssuedToken, resolveCustomRoles } from './tokens.js';

function audit(
  deps: Deps,
  tx: StoreOperations,
  actor: Actor,
  nowMs: number,
  action: string,
  token: TokenRecord,
  details?: Record<string, unknown>,
) {
  return recordChange(deps, tx, actor, nowMs, {
    action,
    targetType: 'token',
    targetId: token.id,
    details: { name: token.name, ...details },
  });
}

/**
 * The caller must hold everything the token holds before it may widen it or receive its secret. Runs
 * inside the change's transaction and reads through it: on SQLite's one connection a read through the
 * root store would wait for the transaction that waits for it.
 */
async function requireWithinCaller(
  tx: StoreOperations,
  actor: Actor,
  token: TokenRecord,
  what: string,
): Promise<void> {
  const customRoles = await resolveCustomRoles(tx, token.tenantId, token.customRoles ?? []);
  requireWithin(
    actor,
    {
      role: token.role,
      scopes: token.scopes,
      policy: token.policy ?? [],
      customRoles,
      kind: token.kind,
      space: token.space,
      allowedCidrs: token.allowedCidrs,
      rateLimit: token.rateLimit,
      expiresAtMs: token.expiresAtMs,
    },
    what,
  );
}

/**
 * The token as it is once this transaction holds its owner's scope: changes without If-Match then run
 * one after another (each sees the one before), and names and the cap are read under the same lock.
 */
async function lockedAccessibleToken(
  tx: StoreOperations,
  actor: Actor,
  tokenId: string,
): Promise<TokenRecord> {
  const found = await findAccessibleToken(tx, actor, tokenId, 'tokens:write');
  await tx.lockOwnerScope(found.tenantId, found.ownerId);
  return findAccessibleToken(tx, actor, tokenId, 'tokens:write');
}

/**
 * Runs a change of one token: refused callers are turned away before any write lock is taken; then,
 * in one transaction holding the owner's scope, the fresh token is checked against If-Match.
 */
async function withLockedToken<T>(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  ifMatch: string | undefined,
  change: (tx: StoreOperations, current: TokenRecord) => Promise<T>,
): Promise<T> {
  await findAccessibleToken(deps.store, actor, tokenId, 'tokens:write');
  return deps.store.transaction(async (tx) => {
    const current = await lockedAccessibleToken(tx, actor, tokenId);
    checkIfMatch(current, ifMatch);
    return change(tx, current);
  });
}

export interface PatchRequest {
  readonly format: 'merge' | 'json-patch';
  readonly document: Json;
  readonly ifMatch?: string | undefined;
}

export async function patchToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  request: PatchRequest,
): Promise<TokenRecord> {
  return withLockedToken(deps, actor, tokenId, request.ifMatch, async (tx, current) => {
    const nowMs = deps.clock.nowMs();
    const before = toPublicToken(current);
    const beforeJson = before as unknown as Json;
    const applied =
      request.format === 'merge'
        ? ({ ok: true, value: applyMergePatch(beforeJson, request.document) } as const)
        : applyJsonPatch(beforeJson, request.document);
    if (!applied.ok)
      throw new TesseraError(applied.kind === 'test_failed' ? 'conflict' : 'invalid_patch', applied.detail);
    const plan = planTokenPatch(current, before, applied.value, nowMs);
    if (!plan.ok) throw new TesseraError(plan.code, plan.detail);
    if (plan.changedFields.length === 0) return current;
    if (current.revokedAtMs !== null) throw new TesseraError('conflict', 'a revoked token cannot be changed');

    const updated: TokenRecord = {
      ...current,
      ...plan.changes,
      updatedAtMs: nowMs,
      revision: current.revision + 1,
    };
    // Widening needs the caller to hold the result; changing another token at all (switching it back
    // on, rewriting the metadata resource servers read) needs the caller to hold that token.
    if (plan.widensGrants || current.id !== actor.token.id) {
      await requireWithinCaller(tx, actor, updated, 'the patched token');
    }
    if (plan.changes.name !== undefined) {
      const taken = await tx.findNamesLike(current.tenantId, current.ownerId, plan.changes.name);
      if (taken.has(plan.changes.name))
        throw new TesseraError('conflict', `the owner already has a token named ${plan.changes.name}`);
    }
    let record = updated;
    if (current.expiresAtMs !== null && updated.expiresAtMs === null) {
      // Becoming permanent takes a place under the permanent-token cap, like a permanent create.
      const held = await tx.countCappedTokens(current.tenantId, current.service ? null : current.ownerId);
      if (held >= deps.settings.permanentTokenCap) {
        throw new TesseraError(
          'permanent_token_cap_reached',
          `at most ${deps.settings.permanentTokenCap} permanent tokens per owner`,
        );
      }
      record = { ...updated, countsTowardCap: true };
    }
    if (!(await tx.updateToken(record, current.revision))) {
      throw new TesseraError(
        'precondition_failed',
        'the token changed while this patch was applied; read it again and retry',
      );
    }
    if (plan.changes.maxUses !== undefined)
      await tx.setMaxUses(record.tenantId, record.id, plan.changes.maxUses);
    await audit(deps, tx, actor, nowMs, 'token.update', record, { fields: plan.changedFields });
    // Answer with the token as stored: counters are computed by the database, not copied from a read.
    return (await tx.findToken(record.tenantId, record.id))!;
  });
}

export interface RotateRequest {
  /** LaunchDarkly `expiry`: the old secret keeps working until then (ms epoch); default: it dies now. */
  readonly expiryMs?: number | undefined;
  readonly ifMatch?: string | undefined;
}

export async function rotateToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  request: RotateRequest,
): Promise<IssuedToken> {
  const expiryProblem = request.expiryMs === undefined ? null : epochMsProblem('expiry', request.expiryMs);
  if (expiryProblem !== null) throw new TesseraError('invalid_request', expiryProblem);
  return withLockedToken(deps, actor, tokenId, request.ifMatch, async (tx, current) => {
    if (current.revokedAtMs !== null) throw new TesseraError('conflict', 'a revoked token cannot be rotated');
    await requireWithinCaller(tx, actor, current, 'receiving this token’s secret');
    const nowMs = deps.clock.nowMs();
    const key = deps.keys.current;
    const secret = formatSecret(current.type, key.version, deps.random.bytes(SECRET_RANDOM_BYTES));
    const oldSecretsEndMs =
      request.expiryMs !== undefined && request.expiryMs > nowMs ? request.expiryMs : nowMs;
    const rotated: TokenRecord = {
      ...current,
      hint: secretHint(secret),
      updatedAtMs: nowMs,
      revision: current.revision + 1,
    };
    if (!(await tx.updateToken(rotated, current.revision))) {
      throw new TesseraError(
        'precondition_failed',
        'the token changed during rotation; read it again and retry',
      );
    }
    await tx.rotateSecret(
      current.id,
      { digest: digestSecret(key, secret), keyVersion: key.version },
      nowMs,
      oldSecretsEndMs,
    );
    await audit(deps, tx, actor, nowMs, 'token.rotate', rotated, {
      old_secret_valid_until: new Date(oldSecretsEndMs).toISOString(),
    });
    return { token: rotated, secret };
  });
}

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
  await audit(deps, tx, actor, nowMs, 'token.revoke', revoked);
  return true;
}

/**
 * The per-object decision for revoking: every token may revoke itself, by id as by /self, whatever its
 * grants; any other token needs tokens:write on it. One revoke and a bulk revoke both ask this.
 */
function revokeRefusal(actor: Actor, token: TokenRecord): string | null {
  return token.id === actor.token.id ? null : tokenActionRefusal(actor, token, 'tokens:write');
}

export async function revokeToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  ifMatch?: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const current = await tx.findToken(actor.tenantId, tokenId);
    if (current === null) throw new TesseraError('not_found', 'no such token');
    const refusal = revokeRefusal(actor, current);
    if (refusal !== null) throw new TesseraError('forbidden', refusal);
    checkIfMatch(current, ifMatch);
    await revokeInTransaction(deps, tx, actor, tokenId);
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
