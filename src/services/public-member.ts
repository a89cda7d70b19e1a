// The member object as every answer and every member event carries it: one serializer for both.
import { formatTimestamp } from '../core/time.js';
import type { MemberRecord } from '../store/store.js';

export function toPublicMember(member: MemberRecord) {
  return {
    id: member.id,
    tenant_id: member.tenantId,
    email: member.email,
    name: member.name,
    role: member.role,
    created_at: formatTimestamp(member.createdAtMs),
    updated_at: formatTimestamp(member.updatedAtMs),
  };
}
