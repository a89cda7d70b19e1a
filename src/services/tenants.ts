// Tenant use-cases: the first start (operator tenant), and operators creating and suspending tenants.
import { TesseraError } from '../core/errors.js';
import type { Page, StoreOperations, TenantRecord } from '../store/store.js';
import { type Actor, actsAsAdmin, requireAdmin, requireMayMintPermanent } from './actor.js';
import { auditEvent, recordChange, SYSTEM_CONTEXT } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { tokenEvent } from './events/build.js';
import { newId } from './ids.js';
import { addMemberWithToken, type CreatedMember } from './members.js';
import { type IssuedToken, issueToken, memberTokenSpec } from './tokens/issue.js';

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
export async function bootstrapIfEmpty(deps: Deps): Promise<CreatedTenant | null> {
  const nowMs = deps.clock.nowMs();
  const tenantId = newId(deps.random, 'ten');
  return deps.store.transaction(async (tx) => {
    // Claim first: a concurrent starter blocks on this row's insert and then finds it taken.
    if (!(await tx.claimBootstrap(tenantId, nowMs))) return null;
    return addTenant(
      deps,
      tx,
      { id: tenantId, name: OPERATOR_TENANT_NAME, isOperator: true, ownerEmail: FIRST_OWNER_EMAIL },
      null,
      SYSTEM_CONTEXT,
      nowMs,
    );
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

export async function setTenantSuspended(
  deps: Deps,
  actor: Actor,
  tenantId: string,
  suspended: boolean,
): Promise<TenantRecord> {
  requireOperator(actor, 'tenants:write');
  if (tenantId === actor.tenantId)
    throw new TesseraError('conflict', 'the operator tenant cannot suspend itself');
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction(async (tx) => {
    const current = await tx.findTenant(tenantId);
    if (current === null) throw new TesseraError('not_found', 'no such tenant');
    if ((current.suspendedAtMs !== null) === suspended) return current;
    const updated = (await tx.setTenantSuspended(tenantId, suspended ? nowMs : null, nowMs))!;
    await recordChange(deps, tx, actor, nowMs, {
      action: suspended ? 'tenant.suspend' : 'tenant.unsuspend',
      targetType: 'tenant',
      targetId: tenantId,
    });
    return updated;
  });
}
