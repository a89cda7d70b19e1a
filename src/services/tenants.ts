// Tenant use-cases: the first start (operator tenant), and operators creating and suspending tenants.
import { TesseraError } from '../core/errors.js';
import {
  resolveTokenPolicy,
  type TokenPolicy,
  type TokenPolicyRequest,
  tokenPolicyJson,
} from '../core/token-policy.js';
import type { Page, StoreOperations, TenantRecord } from '../store/store.js';
import { type Actor, actsAsAdmin, requireAdmin, requireMayMintPermanent } from './actor.js';
import { auditEvent, recordChange, SYSTEM_CONTEXT } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { tokenEvent } from './events/build.js';
import { newId } from './ids.js';
import { addMemberWithToken, type CreatedMember } from './members.js';
import { type IssuedToken, issueToken, memberTokenSpec } from './tokens/issue.js';
import { walkScope } from './tokens/list.js';

export interface CreatedTenant {
  readonly tenant: TenantRecord;
  readonly owner: CreatedMember;
}

async function addTenant(
  deps: Deps,
  tx: StoreOperations,
  input: { id: string; name: string; isOperator: boolean; ownerEmail: string },
  actor: Actor | null,
  context: RequestContext,
  nowMs: number,
): Promise<CreatedTenant> {
  const tenant: TenantRecord = {
    id: input.id,
    name: input.name,
    isOperator: input.isOperator,
    suspendedAtMs: null,
    tokenPolicy: null,
    deletedAtMs: null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  await tx.insertTenant(tenant);
  if (actor !== null) {
    // The operator's record of making it lives in the operator's audit log.
    await tx.insertAuditEvent(
      auditEvent(deps, nowMs, actor, context, {
        tenantId: actor.tenantId,
        action: 'tenant.create',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { name: tenant.name },
      }),
    );
  }
  // The new tenant's own trail starts with no actor: the operator's ids belong to another tenant.
  const owner = await addMemberWithToken(
    deps,
    tx,
    tenant.id,
    { email: input.ownerEmail, role: 'owner' },
    null,
    context,
    nowMs,
  );
  return { tenant, owner };
}

/** Operators are the admins and owners of the operator tenant; tenants:* exists only there. */
/**
 * Tenants are managed from the operator tenant, by its admins and owners. A refusal says exactly that,
 * rather than the generic "other members' objects" or a missing permission: the caller learns what
 * would let it in.
 */
function requireOperator(actor: Actor, action: string): void {
  if (!actor.tenantIsOperator || !actsAsAdmin(actor))
    throw new TesseraError(
      'forbidden',
      `${action} needs the admin or owner role in the operator tenant (the tenant the first start created)`,
    );
  requireAdmin(actor, action);
}

export const OPERATOR_TENANT_NAME = 'operator';
export const FIRST_OWNER_EMAIL = 'owner@localhost';

/**
 * On an empty database: the operator tenant, its owner and one owner token. Exactly one of several
 * instances starting at once wins the bootstrap row; the others get null and print nothing.
 */
/**
 * `keep`, when given, stores the first owner token before the set-up commits (the bootstrap token
 * file): if it throws, nothing is created, so no owner token exists that nobody was given.
 */
export async function bootstrapIfEmpty(
  deps: Deps,
  keep?: (created: CreatedTenant) => void,
): Promise<CreatedTenant | null> {
  const nowMs = deps.clock.nowMs();
  const tenantId = newId(deps.random, 'ten');
  return deps.store.transaction(async (tx) => {
    // Claim first: a concurrent starter blocks on this row's insert and then finds it taken.
    if (!(await tx.claimBootstrap(tenantId, nowMs))) return null;
    const created = await addTenant(
      deps,
      tx,
      { id: tenantId, name: OPERATOR_TENANT_NAME, isOperator: true, ownerEmail: FIRST_OWNER_EMAIL },
      null,
      SYSTEM_CONTEXT,
      nowMs,
    );
    keep?.(created);
    return created;
  });
}

/** `tessera token create --owner`: a fresh owner token on the local database when the first is lost. */
export async function issueOwnerToken(deps: Deps, tenantId?: string): Promise<IssuedToken> {
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction(async (tx) => {
    const targetTenant = tenantId ?? (await tx.findBootstrapTenantId());
    if (targetTenant === null)
      throw new TesseraError('not_found', 'the database has no tenant yet: start the server once');
    const owner = await tx.findFirstOwner(targetTenant);
    if (owner === null) throw new TesseraError('not_found', `tenant ${targetTenant} has no owner`);
    const issued = await issueToken(
      deps,
      tx,
      memberTokenSpec(owner, {
        name: 'owner-token',
        description: 'issued by tessera token create --owner',
        createdByMemberId: null,
      }),
      nowMs,
    );
    await tx.insertAuditEvent(
      auditEvent(deps, nowMs, null, SYSTEM_CONTEXT, {
        tenantId: targetTenant,
        action: 'token.create',
        targetType: 'token',
        targetId: issued.token.id,
        details: { name: issued.token.name, via: 'cli' },
      }),
    );
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.created', issued.token)]);
    return issued;
  });
}

export async function createTenant(
  deps: Deps,
  actor: Actor,
  input: { name: string; owner_email?: string },
): Promise<CreatedTenant> {
  requireOperator(actor, 'tenants:write');
  requireMayMintPermanent(actor, null, 'creating a tenant (its owner token is permanent)');
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction((tx) =>
    addTenant(
      deps,
      tx,
      {
        id: newId(deps.random, 'ten'),
        name: input.name,
        isOperator: false,
        ownerEmail: input.owner_email ?? FIRST_OWNER_EMAIL,
      },
      actor,
      actor.context,
      nowMs,
    ),
  );
}

export function listTenants(
  deps: Deps,
  actor: Actor,
  limit: number,
  offset: number,
): Promise<Page<TenantRecord>> {
  requireOperator(actor, 'tenants:read');
  return deps.store.listTenants(limit, offset);
}

/** The tenant, unless there is none or it was deleted (a deleted tenant reads as gone). */
async function existingTenant(
  tx: Pick<StoreOperations, 'findTenant'>,
  tenantId: string,
): Promise<TenantRecord> {
  const tenant = await tx.findTenant(tenantId);
  if (tenant === null || tenant.deletedAtMs !== null) throw new TesseraError('not_found', 'no such tenant');
  return tenant;
}

/** One tenant, and how many of its live tokens each server-key version hashes (operators). */
export interface TenantView {
  readonly tenant: TenantRecord;
  readonly liveTokensByKeyVersion: ReadonlyMap<number, number>;
}

export async function getTenant(deps: Deps, actor: Actor, tenantId: string): Promise<TenantView> {
  requireOperator(actor, 'tenants:read');
  const tenant = await existingTenant(deps.store, tenantId);
  const liveTokensByKeyVersion = await deps.store.countLiveTokensByKeyVersion(deps.clock.nowMs(), tenantId);
  return { tenant, liveTokensByKeyVersion };
}

export interface TenantUpdate {
  readonly suspended?: boolean | undefined;
  /** The token policy to hold from now on; null removes it. */
  readonly tokenPolicy?: TokenPolicyRequest | null | undefined;
}

/** Suspends or resumes a tenant, and sets or clears its token policy; each change is audited. */
export async function updateTenant(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  update: TenantUpdate,
): Promise<TenantRecord> {
  requireOperator(actor, 'tenants:write');
  if (update.suspended === true && tenantId === actor.tenantId)
    throw new TesseraError('conflict', 'the operator tenant cannot suspend itself');
  const policy = policyOf(update.tokenPolicy);
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction(async (tx) => {
    let current = await existingTenant(tx, tenantId);
    const { suspended } = update;
    if (suspended !== undefined && (current.suspendedAtMs !== null) !== suspended) {
      current = (await tx.updateTenant(tenantId, { suspendedAtMs: suspended ? nowMs : null }, nowMs))!;
      await recordChange(deps, tx, actor, nowMs, {
        action: suspended ? 'tenant.suspend' : 'tenant.unsuspend',
        targetType: 'tenant',
        targetId: tenantId,
      });
    }
    if (policy !== undefined) {
      current = (await tx.updateTenant(tenantId, { tokenPolicy: policy }, nowMs))!;
      await recordChange(deps, tx, actor, nowMs, {
        action: 'tenant.token_policy',
        targetType: 'tenant',
        targetId: tenantId,
        details: { token_policy: policy === null ? null : tokenPolicyJson(policy) },
      });
    }
    return current;
  });
}

function policyOf(request: TokenPolicyRequest | null | undefined): TokenPolicy | null | undefined {
  if (request === undefined || request === null) return request;
  const resolved = resolveTokenPolicy(request);
  if (!resolved.ok) throw new TesseraError('invalid_request', resolved.detail);
  return resolved.policy;
}

/**
 * Deletes a tenant (operators): every token in it is revoked (`revoked_reason: tenant_deleted`) and
 * the tenant reads as gone from then on, while its rows, its audit trail above all, stay. The operator
 * tenant cannot be deleted. One audit event in the operator's log, one in the tenant's own.
 */
export async function deleteTenant(deps: Deps, actor: Actor, tenantId: string): Promise<number> {
  requireOperator(actor, 'tenants:write');
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction(async (tx) => {
    const current = await existingTenant(tx, tenantId);
    if (current.isOperator) throw new TesseraError('conflict', 'the operator tenant cannot be deleted');
    // Suspended first: the tenant's tokens stop on every instance at once, before each is revoked.
    await tx.updateTenant(
      tenantId,
      { deletedAtMs: nowMs, suspendedAtMs: current.suspendedAtMs ?? nowMs },
      nowMs,
    );
    const ids: string[] = [];
    for await (const token of walkScope(tx, { tenantId, owner: 'everyone', filters: {} }, nowMs))
      ids.push(token.id);
    let revoked = 0;
    for (const id of ids)
      if ((await tx.revokeToken(tenantId, id, nowMs, 'tenant_deleted')) !== null) revoked++;
    await recordChange(deps, tx, actor, nowMs, {
      action: 'tenant.delete',
      targetType: 'tenant',
      targetId: tenantId,
      details: { name: current.name, revoked_tokens: revoked },
    });
    // The tenant's own trail ends with its deletion; the operator's ids belong to another tenant.
    await tx.insertAuditEvent(
      auditEvent(deps, nowMs, null, actor.context, {
        tenantId,
        action: 'tenant.delete',
        targetType: 'tenant',
        targetId: tenantId,
        details: { by_tenant: actor.tenantId, revoked_tokens: revoked },
      }),
    );
    return revoked;
  });
}
