// Records for the conformance suite: a tenant, a member and tokens with unique ids, written through
// the Store port itself.
import { randomBytes } from 'node:crypto';
import type { NewTokenRecord, TokenRecord } from '../../../src/core/token.js';
import type {
  MemberRecord,
  NewSecret,
  Store,
  StoreOperations,
  TenantRecord,
} from '../../../src/store/store.js';

export const uniqueId = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export const newSecret = (): NewSecret => ({ digest: uniqueId('digest'), keyVersion: 1 });

export async function insertTenant(
  store: StoreOperations,
  overrides: Partial<TenantRecord> = {},
): Promise<TenantRecord> {
  const tenant: TenantRecord = {
    id: uniqueId('ten'),
    name: 'Tenant',
    isOperator: false,
    suspendedAtMs: null,
    tokenPolicy: null,
    deletedAtMs: null,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    ...overrides,
  };
  await store.insertTenant(tenant);
  return tenant;
}

export async function insertMember(
  store: StoreOperations,
  tenantId: string,
  overrides: Partial<MemberRecord> = {},
): Promise<MemberRecord> {
  const member: MemberRecord = {
    id: uniqueId('mem'),
    tenantId,
    email: `${uniqueId('person')}@example.com`,
    name: null,
    role: 'owner',
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    removedAtMs: null,
    ...overrides,
  };
  await store.insertMember(member);
  return member;
}

export function tokenRecord(
  tenantId: string,
  ownerId: string | null,
  overrides: Partial<NewTokenRecord> = {},
) {
  const token: NewTokenRecord = {
    id: uniqueId('tok'),
    tenantId,
    ownerId,
    createdByMemberId: ownerId,
    name: uniqueId('name'),
    description: null,
    type: 'api',
    kind: 'account',
    space: null,
    isActive: true,
    service: ownerId === null,
    canary: false,
    revokedReason: null,
    imported: false,
    role: null,
    scopes: [],
    policy: null,
    customRoles: null,
    allowedCidrs: null,
    rateLimit: null,
    maxUses: null,
    remainingUses: null,
    metadata: null,
    defaultApiVersion: null,
    hint: 'abcd',
    countsTowardCap: false,
    capRole: null,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    notBeforeMs: null,
    expiresAtMs: null,
    revokedAtMs: null,
    lastUsedAtMs: null,
    lastUsedIp: null,
    lastUsedUserAgent: null,
    revision: 1,
    ...overrides,
  };
  return token;
}

/** A token inserted with a fresh secret; returns both. */
export async function insertToken(
  store: StoreOperations,
  tenantId: string,
  ownerId: string | null,
  overrides: Partial<NewTokenRecord> = {},
): Promise<{ readonly token: TokenRecord; readonly secret: NewSecret }> {
  const secret = newSecret();
  const token = await store.insertToken(tokenRecord(tenantId, ownerId, overrides), secret);
  return { token, secret };
}

/** A tenant with one owner: the usual home of a test's tokens. */
export async function insertTenantWithOwner(store: Store) {
  const tenant = await insertTenant(store);
  const owner = await insertMember(store, tenant.id);
  return { tenant, owner };
}

/** A token as written, without the facts a read adds (its member, tenant and secrets): for comparing. */
export function withoutFacts(token: TokenRecord | null): Omit<TokenRecord, 'facts'> | null {
  if (token === null) return null;
  const { facts: _facts, ...written } = token;
  return written;
}
