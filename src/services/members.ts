// Member use-cases: a member joins with a role and receives a first token, shown once.
import { TesseraError } from '../core/errors.js';
import type { Role } from '../core/permissions.js';
import type { MemberRecord, Page, StoreOperations } from '../store/store.js';
import {
  type Actor,
  effectiveRole,
  requireAdmin,
  requireMayMintPermanent,
  requirePermission,
  requireWithin,
} from './actor.js';
import { auditEvent, recordChange } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { memberEvent, tokenEvent } from './events/build.js';
import { newId } from './ids.js';
import { requireCapRoom } from './tokens/create.js';
import { type IssuedToken, issueToken, memberTokenSpec } from './tokens/issue.js';
import { lifetimeUnderPolicy } from './tokens/lifetime.js';

export interface NewMemberInput {
  readonly email: string;
  readonly name?: string;
  readonly role: Role;
}

export interface CreatedMember {
  readonly member: MemberRecord;
  readonly token: IssuedToken;
}

/**
 * Inserts a member and its first token in the caller's transaction. That token is permanent, carries
 * the member's role, and does not count toward the cap (SPEC "Lifetimes").
 */
export async function addMemberWithToken(
  deps: Deps,
  tx: StoreOperations,
  tenantId: string,
  input: NewMemberInput,
  actor: Actor | null,
  context: RequestContext,
  nowMs: number,
): Promise<CreatedMember> {
  // Emails are unique among a tenant's current members: take the tenant's scope before checking.
  await tx.lockOwnerScope(tenantId, null);
  if ((await tx.findMemberByEmail(tenantId, input.email)) !== null) {
    throw new TesseraError('conflict', `a member with email ${input.email} already exists`);
  }
  const member: MemberRecord = {
    id: newId(deps.random, 'mem'),
    tenantId,
    email: input.email,
    name: input.name ?? null,
    role: input.role,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    removedAtMs: null,
  };
  await tx.insertMember(member);
  const token = await issueToken(
    deps,
    tx,
    memberTokenSpec(member, {
      name: `${input.role}-token`,
      description: `first token of ${input.email}`,
      createdByMemberId: actor?.memberId ?? null,
    }),
    nowMs,
  );
  const audit = (action: string, targetType: 'member' | 'token', targetId: string) =>
    tx.insertAuditEvent(auditEvent(deps, nowMs, actor, context, { tenantId, action, targetType, targetId }));
  await audit('member.create', 'member', member.id);
  await audit('token.create', 'token', token.token.id);
  await tx.insertEvents([
    memberEvent(deps, nowMs, 'member.created', member),
    tokenEvent(deps, nowMs, 'token.created', token.token),
  ]);
  return { member, token };
}

export async function createMember(deps: Deps, actor: Actor, input: NewMemberInput): Promise<CreatedMember> {
  requireAdmin(actor, 'members:write');
  // The new member's first token is permanent and carries their role: it must be within the caller
  // (no role above the caller's, and no permanent token from an expiring or use-limited one).
  requireMayMintPermanent(actor, input.role, `adding a member with role ${input.role}`);
  const nowMs = deps.clock.nowMs();
  return deps.store.transaction((tx) =>
    addMemberWithToken(deps, tx, actor.tenantId, input, actor, actor.context, nowMs),
  );
}

export function listMembers(
  deps: Deps,
  actor: Actor,
  limit: number,
  offset: number,
): Promise<Page<MemberRecord>> {
  requirePermission(actor, 'members:read');
  return deps.store.listMembers(actor.tenantId, limit, offset);
}

export async function getMember(deps: Deps, actor: Actor, memberId: string): Promise<MemberRecord> {
  requirePermission(actor, 'members:read', `members/${memberId}`);
  const member = await deps.store.findMember(actor.tenantId, memberId);
  if (member === null || member.removedAtMs !== null) throw new TesseraError('not_found', 'no such member');
  return member;
}

/** Only owners change owners, and nobody grants a role above their own. */
function requireMayManage(actor: Actor, target: MemberRecord, newRole: Role | null): void {
  const callerRole = effectiveRole(actor);
  const touchesOwner = target.role === 'owner' || newRole === 'owner';
  if (touchesOwner && callerRole !== 'owner')
    throw new TesseraError('forbidden', 'only an owner may change an owner');
  if (newRole !== null) requireMayMintPermanent(actor, newRole, `giving a member the role ${newRole}`);
}

/** A tenant keeps at least one owner: demoting or removing the last one is a conflict. */
async function requireAnotherOwner(tx: StoreOperations, target: MemberRecord): Promise<void> {
  if (target.role === 'owner' && (await tx.countOwners(target.tenantId)) <= 1) {
    throw new TesseraError('conflict', 'this is the last owner of the tenant; make another owner first');
  }
}

async function currentMember(tx: StoreOperations, actor: Actor, memberId: string): Promise<MemberRecord> {
  const member = await tx.findMember(actor.tenantId, memberId);
  if (member === null || member.removedAtMs !== null) throw new TesseraError('not_found', 'no such member');
  return member;
}

export interface MemberChange {
  readonly role?: Role | undefined;
  /** The display name; null clears it. */
  readonly name?: string | null | undefined;
  readonly email?: string | undefined;
}

/**
 * Demotion or promotion, a new name or e-mail address. Personal tokens are capped by their member's
 * current role on every request, so a demotion narrows them on the very next one; nothing about the
 * tokens is rewritten. An e-mail address stays unique among the tenant's current members.
 */
export async function updateMember(
  deps: Deps,
  actor: Actor,
  memberId: string,
  change: MemberChange,
): Promise<MemberRecord> {
  requireAdmin(actor, 'members:write', `members/${memberId}`);
  return deps.store.transaction(async (tx) => {
    const target = await currentMember(tx, actor, memberId);
    const role = change.role !== undefined && change.role !== target.role ? change.role : undefined;
    // Touching an owner at all (renaming one included) is an owner's business.
    requireMayManage(actor, target, role ?? null);
    const name = change.name !== undefined && change.name !== target.name ? change.name : undefined;
    const email = change.email !== undefined && change.email !== target.email ? change.email : undefined;
    if (role === undefined && name === undefined && email === undefined) return target;
    if (role !== undefined && role !== 'owner') await requireAnotherOwner(tx, target);
    if (email !== undefined) {
      // Emails are unique among a tenant's current members: take the tenant's scope before checking.
      await tx.lockOwnerScope(actor.tenantId, null);
      if ((await tx.findMemberByEmail(actor.tenantId, email)) !== null)
        throw new TesseraError('conflict', `a member with email ${email} already exists`);
    }
    const nowMs = deps.clock.nowMs();
    const updated = (await tx.updateMember(actor.tenantId, memberId, { role, name, email }, nowMs))!;
    await recordChange(deps, tx, actor, nowMs, {
      action: 'member.update',
      targetType: 'member',
      targetId: memberId,
      details: {
        ...(role === undefined ? {} : { from: target.role, to: role }),
        fields: [role && 'role', name !== undefined && 'name', email && 'email'].filter(Boolean),
      },
    });
    await tx.insertEvents([memberEvent(deps, nowMs, 'member.updated', updated)]);
    return updated;
  });
}

export interface MemberTokenRequest {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly ttlSeconds?: number | undefined;
  readonly expiresAtMs?: number | undefined;
}

/**
 * An admin issues a new token to a member who lost theirs (POST /v1/members/{id}/tokens): a personal
 * token of the member, with the member's role, which must be within the issuer's own grants (a
 * permanent one needs a caller that may mint permanent tokens). It obeys the tenant's token policy,
 * counts toward the member's permanent-token cap, is audited, and its secret is shown once.
 */
export async function issueMemberToken(
  deps: Deps,
  actor: Actor,
  memberId: string,
  request: MemberTokenRequest,
): Promise<IssuedToken> {
  requireAdmin(actor, 'members:write', `members/${memberId}`);
  const nowMs = deps.clock.nowMs();
  const lifetime = await lifetimeUnderPolicy(
    deps,
    actor.tenantId,
    { type: 'api', ttlSeconds: request.ttlSeconds, expiresAtMs: request.expiresAtMs },
    nowMs,
  );
  return deps.store.transaction(async (tx) => {
    const member = await currentMember(tx, actor, memberId);
    requireMayManage(actor, member, null);
    requireWithin(
      actor,
      { role: member.role, scopes: [], expiresAtMs: lifetime.expiresAtMs },
      `a token with the role ${member.role}`,
    );
    await tx.lockOwnerScope(actor.tenantId, member.id);
    // Made unique in the member's scope by issueToken, as every create's name is.
    const name = request.name ?? `${member.role}-token`;
    const spec = {
      ...memberTokenSpec(member, {
        name,
        description: request.description ?? `issued to ${member.email} by an admin`,
        createdByMemberId: actor.memberId,
      }),
      expiresAtMs: lifetime.expiresAtMs,
      countsTowardCap: lifetime.expiresAtMs === null,
    };
    if (spec.countsTowardCap) await requireCapRoom(deps, tx, actor.tenantId, member.id, 'created');
    const issued = await issueToken(deps, tx, spec, nowMs);
    await recordChange(deps, tx, actor, nowMs, {
      action: 'token.create',
      targetType: 'token',
      targetId: issued.token.id,
      details: {
        name,
        for_member: member.id,
        lifetime: spec.expiresAtMs === null ? 'permanent' : 'temporary',
      },
    });
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.created', issued.token)]);
    return issued;
  });
}

/** Removal: the member's personal tokens stop at once (disabled); service tokens they made live on. */
export async function removeMember(deps: Deps, actor: Actor, memberId: string): Promise<void> {
  requireAdmin(actor, 'members:write', `members/${memberId}`);
  await deps.store.transaction(async (tx) => {
    const target = await currentMember(tx, actor, memberId);
    requireMayManage(actor, target, null);
    await requireAnotherOwner(tx, target);
    const nowMs = deps.clock.nowMs();
    const removed = (await tx.updateMember(actor.tenantId, memberId, { removedAtMs: nowMs }, nowMs))!;
    await recordChange(deps, tx, actor, nowMs, {
      action: 'member.remove',
      targetType: 'member',
      targetId: memberId,
      details: { email: target.email },
    });
    await tx.insertEvents([memberEvent(deps, nowMs, 'member.removed', removed)]);
  });
}

/**
 * The members who own (or made) tokens the caller was already allowed to read, by id: who a token
 * belongs to is part of the token as a dialect shows it (LaunchDarkly's `_member`), so it needs no
 * members:read of its own. Members of other tenants are never found; removed ones are still shown.
 */
export async function tokenMembers(
  deps: Pick<Deps, 'store'>,
  actor: Actor,
  memberIds: readonly (string | null)[],
): Promise<ReadonlyMap<string, MemberRecord>> {
  const found = new Map<string, MemberRecord>();
  for (const id of new Set(memberIds)) {
    if (id === null) continue;
    const member = await deps.store.findMember(actor.tenantId, id);
    if (member !== null) found.set(id, member);
  }
  return found;
}
