// Changing tokens: patch and rotate. Each is one transaction that re-reads the
// token, honours If-Match, writes with a revision guard, and records its audit event.
import { TesseraError } from '../../core/errors.js';
import { applyJsonPatch, applyMergePatch, type Json } from '../../core/json-patch.js';
import { epochMsProblem } from '../../core/time.js';
import { type TokenRecord, toPublicToken } from '../../core/token.js';
import { planTokenPatch } from '../../core/token-patch.js';
import { tokenPolicyViolation } from '../../core/token-policy.js';
import type { StoreOperations } from '../../store/store.js';
import { type Actor, requireWithin } from '../actor.js';
import type { Deps } from '../deps.js';
import { tokenEvent } from '../events/build.js';
import { mintSecret } from '../secrets.js';
import { checkIfMatch, findAccessibleToken, type RevokedTokens } from './access.js';
import { auditTokenChange } from './audit.js';
import { requireCapRoom } from './create.js';
import { type IssuedToken, resolveCustomRoles } from './issue.js';

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
  revoked: RevokedTokens,
): Promise<TokenRecord> {
  const found = await findAccessibleToken(tx, actor, tokenId, 'tokens:write', revoked);
  await tx.lockOwnerScope(found.tenantId, found.ownerId);
  return findAccessibleToken(tx, actor, tokenId, 'tokens:write', revoked);
}

/**
 * Runs a change of one token: refused callers are turned away before any write lock is taken; then,
 * in one transaction holding the owner's scope, the fresh token is checked against If-Match.
 */
async function withLockedToken<T>(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  request: { readonly ifMatch?: string | undefined; readonly revoked?: RevokedTokens | undefined },
  change: (tx: StoreOperations, current: TokenRecord) => Promise<T>,
): Promise<T> {
  const { ifMatch, revoked = 'kept' } = request;
  await findAccessibleToken(deps.store, actor, tokenId, 'tokens:write', revoked);
  return deps.store.transaction(async (tx) => {
    const current = await lockedAccessibleToken(tx, actor, tokenId, revoked);
    checkIfMatch(current, ifMatch);
    return change(tx, current);
  });
}

export interface PatchRequest {
  readonly format: 'merge' | 'json-patch';
  readonly document: Json;
  readonly ifMatch?: string | undefined;
  /** How a revoked token reads (`gone`: not found, as in every dialect). */
  readonly revoked?: RevokedTokens | undefined;
}

export async function patchToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  request: PatchRequest,
): Promise<TokenRecord> {
  return withLockedToken(deps, actor, tokenId, request, async (tx, current) => {
    const nowMs = deps.clock.nowMs();
    const before = toPublicToken(current, nowMs);
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
    if (plan.changes.expiresAtMs !== undefined) {
      const policy = (await tx.findTenant(current.tenantId))?.tokenPolicy ?? null;
      const violation = tokenPolicyViolation(policy, plan.changes.expiresAtMs, nowMs, null);
      if (violation !== null) throw new TesseraError('token_policy_violation', violation);
    }
    if (plan.changes.name !== undefined) {
      const taken = await tx.findNamesLike(current.tenantId, current.ownerId, plan.changes.name);
      if (taken.has(plan.changes.name))
        throw new TesseraError('conflict', `the owner already has a token named ${plan.changes.name}`);
    }
    let record = updated;
    if (current.expiresAtMs !== null && updated.expiresAtMs === null) {
      // Becoming permanent takes a place under the permanent-token cap, like a permanent create.
      await requireCapRoom(deps, tx, current.tenantId, current.service ? null : current.ownerId, 'created');
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
    await auditTokenChange(deps, tx, actor, nowMs, 'token.update', record, { fields: plan.changedFields });
    // Answer (and announce) the token as stored: counters are computed by the database, not copied.
    const stored = (await tx.findToken(record.tenantId, record.id))!;
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.updated', stored)]);
    return stored;
  });
}

export interface RotateRequest {
  /** LaunchDarkly `expiry`: the old secret keeps working until then (ms epoch); default: it dies now. */
  readonly expiryMs?: number | undefined;
  readonly ifMatch?: string | undefined;
  /** How a revoked token reads (`gone`: not found, as in every dialect). */
  readonly revoked?: RevokedTokens | undefined;
}

export async function rotateToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  request: RotateRequest,
): Promise<IssuedToken> {
  const expiryProblem = request.expiryMs === undefined ? null : epochMsProblem('expiry', request.expiryMs);
  if (expiryProblem !== null) throw new TesseraError('invalid_request', expiryProblem);
  return withLockedToken(deps, actor, tokenId, request, async (tx, current) => {
    if (current.revokedAtMs !== null) throw new TesseraError('conflict', 'a revoked token cannot be rotated');
    await requireWithinCaller(tx, actor, current, 'receiving this token’s secret');
    const nowMs = deps.clock.nowMs();
    const minted = mintSecret(deps, current.type);
    const oldSecretsEndMs =
      request.expiryMs !== undefined && request.expiryMs > nowMs ? request.expiryMs : nowMs;
    const rotated: TokenRecord = {
      ...current,
      hint: minted.hint,
      updatedAtMs: nowMs,
      revision: current.revision + 1,
      // Every older secret now ends by oldSecretsEndMs, the one just rotated out exactly then.
      ...(current.facts === undefined
        ? {}
        : { facts: { ...current.facts, previousSecretExpiresAtMs: oldSecretsEndMs } }),
    };
    if (!(await tx.updateToken(rotated, current.revision))) {
      throw new TesseraError(
        'precondition_failed',
        'the token changed during rotation; read it again and retry',
      );
    }
    await tx.rotateSecret(current.id, minted.stored, nowMs, oldSecretsEndMs);
    await auditTokenChange(deps, tx, actor, nowMs, 'token.rotate', rotated, {
      old_secret_valid_until: new Date(oldSecretsEndMs).toISOString(),
    });
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.rotated', rotated)]);
    return { token: rotated, secret: minted.secret };
  });
}
