// Member use-cases: a member joins with a role and receives a first token, shown once.
import { TesseraError } from '../core/errors.js';
import type { Role } from '../core/permissions.js';
import type { MemberRecord, Page, StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin, requireMayMintPermanent, requirePermission } from './actor.js';
import { auditEvent } from './audit.js';
import type { Deps, RequestContext } from './deps.js';
import { newId } from './ids.js';
import { type IssuedToken, issueToken, memberTokenSpec } from './tokens.js';

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
  requirePermission(actor, 'members:read');
  const member = await deps.store.findMember(actor.tenantId, memberId);
  if (member === null || member.removedAtMs !== null) throw new TesseraError('not_found', 'no such member');
  return member;
}
