// The members aggregate: find (by id, by email, the first owner), list, insert, change role or remove.
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../core/permissions.js';
import type { Database, MembersTable } from '../schema.js';
import type { MemberRecord, StoreOperations } from '../store.js';
import { findInTenant } from './find-in-tenant.js';
import { pageOf } from './paging.js';
import { toNullableNumber, toNumber } from './values.js';

export type MemberOperations = Pick<
  StoreOperations,
  | 'findMember'
  | 'findMemberByEmail'
  | 'findFirstOwner'
  | 'listMembers'
  | 'insertMember'
  | 'updateMember'
  | 'countOwners'
>;

function memberFromRow(row: Selectable<MembersTable>): MemberRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
    removedAtMs: toNullableNumber(row.removed_at),
  };
}

export function memberOperations(db: Kysely<Database>): MemberOperations {
  /** A tenant's current members: a removed member's row stays, with removed_at set. */
  const current = (tenantId: string) =>
    db.selectFrom('members').where('tenant_id', '=', tenantId).where('removed_at', 'is', null);
  const currentOwners = (tenantId: string) => current(tenantId).where('role', '=', 'owner');

  const findMember = async (tenantId: string, memberId: string): Promise<MemberRecord | null> => {
    const row = await findInTenant(db, 'members', tenantId, memberId);
    return row === undefined ? null : memberFromRow(row);
  };

  return {
    findMember,

    async findMemberByEmail(tenantId, email) {
      const row = await current(tenantId).selectAll().where('email', '=', email).executeTakeFirst();
      return row === undefined ? null : memberFromRow(row);
    },

    async findFirstOwner(tenantId) {
      const row = await currentOwners(tenantId)
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirst();
      return row === undefined ? null : memberFromRow(row);
    },

    listMembers: (tenantId, limit, offset) =>
      pageOf(
        current(tenantId),
        (selection) => selection.selectAll().orderBy('created_at').orderBy('id'),
        { limit, offset },
        memberFromRow,
      ),

    async insertMember(member) {
      await db
        .insertInto('members')
        .values({
          id: member.id,
          tenant_id: member.tenantId,
          email: member.email,
          name: member.name,
          role: member.role,
          created_at: member.createdAtMs,
          updated_at: member.updatedAtMs,
          removed_at: member.removedAtMs,
        })
        .execute();
    },

    async updateMember(tenantId, memberId, change, nowMs) {
      await db
        .updateTable('members')
        .set({
          updated_at: nowMs,
          ...(change.role === undefined ? {} : { role: change.role }),
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.email === undefined ? {} : { email: change.email }),
          ...(change.removedAtMs === undefined ? {} : { removed_at: change.removedAtMs }),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', memberId)
        .where('removed_at', 'is', null)
        .execute();
      return findMember(tenantId, memberId);
    },

    async countOwners(tenantId) {
      const row = await currentOwners(tenantId)
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      return toNumber(row.count);
    },
  };
}
