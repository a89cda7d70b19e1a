// The Store operations written once in Kysely; both dialects run exactly these queries.
import { type CompiledQuery, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Role } from '../core/permissions.js';
import type { PolicyStatement } from '../core/policy.js';
import type { RateLimitSetting, TokenKind, TokenRecord } from '../core/token.js';
import type { Credential } from '../core/verify.js';
import type {
  CustomRolesTable,
  Database,
  MembersTable,
  SpacesTable,
  TenantsTable,
  TokensTable,
} from './schema.js';
import type {
  AuditEventRecord,
  CustomRoleRecord,
  IdempotencyRecord,
  LastUse,
  MemberRecord,
  NamedRecord,
  NewSecret,
  Page,
  SpaceRecord,
  StoreOperations,
  TenantRecord,
  TokenFilters,
  TokenListQuery,
} from './store.js';

type Executor = Kysely<Database> | Transaction<Database>;

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
/** pg returns bigint columns as strings (its driver is told to parse them, this is the safety net). */
const toNumber = (value: number | string): number => (typeof value === 'number' ? value : Number(value));
const toNullableNumber = (value: number | string | null): number | null =>
  value === null ? null : toNumber(value);

export function tokenFromRow(row: Selectable<TokensTable>): TokenRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ownerId: row.owner_id,
    createdByMemberId: row.created_by_member_id,
    name: row.name,
    description: row.description,
    type: row.type as TokenRecord['type'],
    kind: row.kind as TokenKind,
    space: row.space,
    isActive: row.is_active === 1,
    service: row.service === 1,
    role: row.role as Role | null,
    scopes: JSON.parse(row.scopes) as string[],
    policy: parseJson<PolicyStatement[]>(row.policy),
    customRoles: parseJson<string[]>(row.custom_roles),
    allowedCidrs: parseJson<string[]>(row.allowed_cidrs),
    rateLimit: parseJson<RateLimitSetting>(row.rate_limit),
    maxUses: row.max_uses,
    remainingUses: row.remaining_uses,
    metadata: parseJson<Record<string, unknown>>(row.metadata),
    defaultApiVersion: row.default_api_version,
    hint: row.hint,
    countsTowardCap: row.counts_toward_cap === 1,
    capRole: row.cap_role as Role | null,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
    notBeforeMs: toNullableNumber(row.not_before),
    expiresAtMs: toNullableNumber(row.expires_at),
    revokedAtMs: toNullableNumber(row.revoked_at),
    lastUsedAtMs: toNullableNumber(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    lastUsedUserAgent: row.last_used_user_agent,
    revision: row.revision,
  };
}

function tokenToRow(token: TokenRecord): Selectable<TokensTable> {
  return {
    id: token.id,
    tenant_id: token.tenantId,
    owner_id: token.ownerId,
    name_scope: token.ownerId ?? '',
    created_by_member_id: token.createdByMemberId,
    name: token.name,
    description: token.description,
    type: token.type,
    kind: token.kind,
    space: token.space,
    is_active: token.isActive ? 1 : 0,
    service: token.service ? 1 : 0,
    role: token.role,
    scopes: JSON.stringify(token.scopes),
    policy: toJson(token.policy),
    custom_roles: toJson(token.customRoles),
    allowed_cidrs: toJson(token.allowedCidrs),
    rate_limit: toJson(token.rateLimit),
    max_uses: token.maxUses,
    remaining_uses: token.remainingUses,
    metadata: toJson(token.metadata),
    default_api_version: token.defaultApiVersion,
    hint: token.hint,
    counts_toward_cap: token.countsTowardCap ? 1 : 0,
    cap_role: token.capRole,
    created_at: token.createdAtMs,
    updated_at: token.updatedAtMs,
    not_before: token.notBeforeMs,
    expires_at: token.expiresAtMs,
    revoked_at: token.revokedAtMs,
    last_used_at: token.lastUsedAtMs,
    last_used_ip: token.lastUsedIp,
    last_used_user_agent: token.lastUsedUserAgent,
    revision: token.revision,
  };
}

function namedFromRow(row: Selectable<SpacesTable>): NamedRecord {
  return {
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    description: row.description,
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

function namedToRow(record: NamedRecord): Selectable<SpacesTable> {
  return {
    tenant_id: record.tenantId,
    key: record.key,
    name: record.name,
    description: record.description,
    created_at: record.createdAtMs,
    updated_at: record.updatedAtMs,
  };
}

export function customRoleFromRow(row: Selectable<CustomRolesTable>): CustomRoleRecord {
  return { ...namedFromRow(row), policy: JSON.parse(row.policy) as PolicyStatement[] };
}

function tenantFromRow(row: Selectable<TenantsTable>): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    isOperator: row.is_operator === 1,
    suspendedAtMs: toNullableNumber(row.suspended_at),
    createdAtMs: toNumber(row.created_at),
    updatedAtMs: toNumber(row.updated_at),
  };
}

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

/** LIKE patterns treat % and _ as wildcards; escape them so a name prefix is literal. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Everything a verification needs about one secret, in one indexed read over four tables. */
export function credentialQuery(db: Kysely<Database>, digest: string) {
  return db
    .selectFrom('token_secrets as s')
    .innerJoin('tokens as t', 't.id', 's.token_id')
    .innerJoin('tenants as n', 'n.id', 't.tenant_id')
    .leftJoin('members as m', 'm.id', 't.owner_id')
    .selectAll('t')
    .select([
      's.expires_at as secret_expires_at',
      'n.suspended_at as tenant_suspended_at',
      'n.is_operator as tenant_is_operator',
      'm.role as member_role',
      'm.removed_at as member_removed_at',
    ])
    .where('s.digest', '=', digest);
}

export type CredentialRow = Awaited<
  ReturnType<ReturnType<typeof credentialQuery>['executeTakeFirstOrThrow']>
>;

export class KyselyOperations implements StoreOperations {
  constructor(protected readonly db: Executor) {}

  /** The one indexed read behind a cache miss: compiled once, then run with each digest. */
  private compiledCredentialQuery: CompiledQuery<CredentialRow> | undefined;

  async findCredentialByDigest(digest: string): Promise<Credential | null> {
    this.compiledCredentialQuery ??= credentialQuery(this.db, '').compile();
    const { rows } = await this.db.executeQuery<CredentialRow>({
      ...this.compiledCredentialQuery,
      parameters: [digest],
    });
    return rows[0] === undefined ? null : this.credentialFromRow(rows[0]);
  }

  /** A credential from its row; the custom roles it names (rare) take a second read, through `roles`. */
  protected async credentialFromRow(
    row: CredentialRow,
    roles: (tenantId: string, keys: readonly string[]) => Promise<readonly CustomRoleRecord[]> = (
      tenantId,
      keys,
    ) => this.findCustomRoles(tenantId, keys),
  ): Promise<Credential> {
    const token = tokenFromRow(row);
    const roleKeys = token.customRoles ?? [];
    const customRoles = roleKeys.length === 0 ? [] : await roles(token.tenantId, roleKeys);
    return {
      customRoles: customRoles.map((role) => ({ key: role.key, policy: role.policy })),
      token,
      secretExpiresAtMs: toNullableNumber(row.secret_expires_at),
      memberRole: (row.member_role as Role | null) ?? null,
      memberRemoved: token.ownerId !== null && row.member_removed_at !== null,
      tenantSuspended: row.tenant_suspended_at !== null,
      tenantIsOperator: row.tenant_is_operator === 1,
    };
  }

  async findToken(tenantId: string, tokenId: string): Promise<TokenRecord | null> {
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tokenId)
      .executeTakeFirst();
    return row === undefined ? null : tokenFromRow(row);
  }

  /** The tokens a listing covers: tenant, whose, and filters; paging is applied by the callers. */
  private tokenSelection(query: Omit<TokenListQuery, 'limit' | 'offset' | 'after'>) {
    let base = this.db.selectFrom('tokens').where('tenant_id', '=', query.tenantId);
    if (query.owner === 'service') base = base.where('service', '=', 1);
    else if (query.owner !== 'everyone') base = base.where('owner_id', '=', query.owner.memberId);
    return applyTokenFilters(base, query.filters, query.nowMs);
  }

  async listTokens(query: TokenListQuery): Promise<Page<TokenRecord>> {
    const base = this.tokenSelection(query);
    let page = base.selectAll();
    if (query.after !== undefined) {
      const { createdAtMs, id } = query.after;
      // A row-value comparison: both databases walk the (…, created_at, id) index from this position.
      page = page.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(createdAtMs, id)));
    }
    const [countRow, rows] = await Promise.all([
      query.knownTotal !== undefined
        ? { count: query.knownTotal }
        : base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
      page
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
    ]);
    return { items: rows.map(tokenFromRow), totalItems: toNumber(countRow.count) };
  }

  async updateToken(token: TokenRecord, expectedRevision: number): Promise<boolean> {
    // last_used_* are written behind by recordLastUsed, and remaining_uses by consumeUse and
    // setMaxUses: a stale copy of them here must never roll them back (a spent use would return).
    const {
      id,
      tenant_id,
      created_at,
      last_used_at,
      last_used_ip,
      last_used_user_agent,
      max_uses,
      remaining_uses,
      ...changes
    } = tokenToRow({
      ...token,
      revision: expectedRevision + 1,
    });
    const result = await this.db
      .updateTable('tokens')
      .set(changes)
      .where('tenant_id', '=', tenant_id)
      .where('id', '=', id)
      .where('revision', '=', expectedRevision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async rotateSecret(
    tokenId: string,
    secret: NewSecret,
    nowMs: number,
    oldSecretsEndMs: number,
  ): Promise<void> {
    await this.db
      .updateTable('token_secrets')
      .set({ expires_at: oldSecretsEndMs })
      .where('token_id', '=', tokenId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', oldSecretsEndMs)]))
      .execute();
    await this.db
      .insertInto('token_secrets')
      .values({
        digest: secret.digest,
        token_id: tokenId,
        key_version: secret.keyVersion,
        created_at: nowMs,
        expires_at: null,
      })
      .execute();
  }

  async setMaxUses(tenantId: string, tokenId: string, maxUses: number | null): Promise<void> {
    // Uses already spent stay spent: remaining = max(0, new limit - spent), computed in one statement.
    const spent = sql<number>`coalesce(max_uses - remaining_uses, 0)`;
    await this.db
      .updateTable('tokens')
      .set({
        max_uses: maxUses,
        remaining_uses:
          maxUses === null
            ? null
            : sql<number>`case when ${maxUses} - ${spent} < 0 then 0 else ${maxUses} - ${spent} end`,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tokenId)
      .execute();
  }

  async consumeUse(tokenId: string): Promise<number | null> {
    const row = await this.db
      .updateTable('tokens')
      .set((eb) => ({ remaining_uses: eb('remaining_uses', '-', 1) }))
      .where('id', '=', tokenId)
      .where('remaining_uses', '>', 0)
      .returning('remaining_uses')
      .executeTakeFirst();
    return row === undefined ? null : Number(row.remaining_uses);
  }

  async recordLastUsed(uses: readonly LastUse[]): Promise<void> {
    // A batch can hold thousands of uses (one per distinct token verified in the last second): the
    // statement is compiled once, with a marker per value, and each use fills the markers in.
    const markers = { at: Symbol('at'), ip: Symbol('ip'), userAgent: Symbol('userAgent'), id: Symbol('id') };
    const template = this.db
      .updateTable('tokens')
      .set({
        last_used_at: markers.at as unknown as number,
        last_used_ip: markers.ip as unknown as string,
        last_used_user_agent: markers.userAgent as unknown as string,
      })
      .where('id', '=', markers.id as unknown as string)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', markers.at as unknown as number)]),
      )
      .compile();
    for (const use of uses) {
      const values = new Map<unknown, unknown>([
        [markers.at, use.atMs],
        [markers.ip, use.ip],
        [markers.userAgent, use.userAgent],
        [markers.id, use.tokenId],
      ]);
      await this.db.executeQuery({
        ...template,
        parameters: template.parameters.map((parameter) => values.get(parameter)),
      });
    }
  }

  async findIdempotencyKey(
    tenantId: string,
    callerScope: string,
    key: string,
  ): Promise<IdempotencyRecord | null> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'token_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('caller_scope', '=', callerScope)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row === undefined
      ? null
      : { requestHash: row.request_hash, tokenId: row.token_id, createdAtMs: toNumber(row.created_at) };
  }

  async insertIdempotencyKey(
    tenantId: string,
    callerScope: string,
    key: string,
    record: IdempotencyRecord,
  ): Promise<boolean> {
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenantId,
        caller_scope: callerScope,
        idempotency_key: key,
        request_hash: record.requestHash,
        token_id: record.tokenId,
        created_at: record.createdAtMs,
      })
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'caller_scope', 'idempotency_key']).doNothing(),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async deleteIdempotencyKey(tenantId: string, callerScope: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('tenant_id', '=', tenantId)
      .where('caller_scope', '=', callerScope)
      .where('idempotency_key', '=', key)
      .execute();
  }

  async findNamesLike(tenantId: string, ownerId: string | null, base: string): Promise<ReadonlySet<string>> {
    // Most names are free: one point lookup on the unique index settles it. Only a taken name needs
    // its numbered variants, and LIKE cannot use that index (it scans the owner's names).
    const exact = await this.db
      .selectFrom('tokens')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .where('name_scope', '=', ownerId ?? '')
      .where('name', '=', base)
      .executeTakeFirst();
    if (exact === undefined) return new Set();
    const rows = await this.db
      .selectFrom('tokens')
      .select('name')
      .where('tenant_id', '=', tenantId)
      .where('name_scope', '=', ownerId ?? '')
      .where((eb) =>
        eb.or([
          eb('name', '=', base),
          eb('name', 'like', sql<string>`${likePrefix(`${base}-`)} escape '\\'`),
        ]),
      )
      .execute();
    return new Set(rows.map((row) => row.name));
  }

  async countCappedTokens(tenantId: string, ownerId: string | null): Promise<number> {
    let query = this.db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('tenant_id', '=', tenantId)
      .where('counts_toward_cap', '=', 1)
      .where('revoked_at', 'is', null)
      .where('expires_at', 'is', null);
    query = ownerId === null ? query.where('service', '=', 1) : query.where('owner_id', '=', ownerId);
    const row = await query.executeTakeFirstOrThrow();
    return toNumber(row.count);
  }

  async lockOwnerScope(_tenantId: string, _ownerId: string | null): Promise<void> {
    // SQLite: every write transaction holds the database's one write lock from BEGIN IMMEDIATE on.
  }

  async insertToken(token: TokenRecord, secret: NewSecret): Promise<void> {
    await this.db.insertInto('tokens').values(tokenToRow(token)).execute();
    await this.db
      .insertInto('token_secrets')
      .values({
        digest: secret.digest,
        token_id: token.id,
        key_version: secret.keyVersion,
        created_at: token.createdAtMs,
        expires_at: null,
      })
      .execute();
  }

  async revokeToken(tenantId: string, tokenId: string, nowMs: number): Promise<TokenRecord | null> {
    const result = await this.db
      .updateTable('tokens')
      .set((eb) => ({ revoked_at: nowMs, updated_at: nowMs, revision: eb('revision', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return this.findToken(tenantId, tokenId);
  }

  async findTenant(tenantId: string): Promise<TenantRecord | null> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
    return row === undefined ? null : tenantFromRow(row);
  }

  async listTenants(limit: number, offset: number): Promise<Page<TenantRecord>> {
    const [countRow, rows] = await Promise.all([
      this.db
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('tenants')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute(),
    ]);
    return { items: rows.map(tenantFromRow), totalItems: toNumber(countRow.count) };
  }

  async insertTenant(tenant: TenantRecord): Promise<void> {
    await this.db
      .insertInto('tenants')
      .values({
        id: tenant.id,
        name: tenant.name,
        is_operator: tenant.isOperator ? 1 : 0,
        suspended_at: tenant.suspendedAtMs,
        created_at: tenant.createdAtMs,
        updated_at: tenant.updatedAtMs,
      })
      .execute();
  }

  async setTenantSuspended(
    tenantId: string,
    suspendedAtMs: number | null,
    nowMs: number,
  ): Promise<TenantRecord | null> {
    await this.db
      .updateTable('tenants')
      .set({ suspended_at: suspendedAtMs, updated_at: nowMs })
      .where('id', '=', tenantId)
      .execute();
    return this.findTenant(tenantId);
  }

  async findMember(tenantId: string, memberId: string): Promise<MemberRecord | null> {
    const row = await this.db
      .selectFrom('members')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    return row === undefined ? null : memberFromRow(row);
  }

  async findMemberByEmail(tenantId: string, email: string): Promise<MemberRecord | null> {
    const row = await this.db
      .selectFrom('members')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('email', '=', email)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? null : memberFromRow(row);
  }

  async findFirstOwner(tenantId: string): Promise<MemberRecord | null> {
    const row = await this.db
      .selectFrom('members')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('role', '=', 'owner')
      .where('removed_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
    return row === undefined ? null : memberFromRow(row);
  }

  async listMembers(tenantId: string, limit: number, offset: number): Promise<Page<MemberRecord>> {
    const base = this.db
      .selectFrom('members')
      .where('tenant_id', '=', tenantId)
      .where('removed_at', 'is', null);
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return { items: rows.map(memberFromRow), totalItems: toNumber(countRow.count) };
  }

  async updateMember(
    tenantId: string,
    memberId: string,
    change: { role?: Role; removedAtMs?: number },
    nowMs: number,
  ): Promise<MemberRecord | null> {
    await this.db
      .updateTable('members')
      .set({
        updated_at: nowMs,
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.removedAtMs === undefined ? {} : { removed_at: change.removedAtMs }),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', memberId)
      .where('removed_at', 'is', null)
      .execute();
    return this.findMember(tenantId, memberId);
  }

  async countOwners(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('tenant_id', '=', tenantId)
      .where('role', '=', 'owner')
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toNumber(row.count);
  }

  async insertMember(member: MemberRecord): Promise<void> {
    await this.db
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
  }

  async findCustomRoles(tenantId: string, keys: readonly string[]): Promise<readonly CustomRoleRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('custom_roles')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key', 'in', [...keys])
      .execute();
    return rows.map(customRoleFromRow);
  }

  async listCustomRoles(tenantId: string, limit: number, offset: number): Promise<Page<CustomRoleRecord>> {
    const page = await this.pageNamed('custom_roles', tenantId, limit, offset);
    return {
      items: page.rows.map((row) => customRoleFromRow(row as Selectable<CustomRolesTable>)),
      totalItems: page.totalItems,
    };
  }

  async saveCustomRole(role: CustomRoleRecord, replace: boolean): Promise<boolean> {
    const row = { ...namedToRow(role), policy: JSON.stringify(role.policy) };
    return this.saveNamed('custom_roles', row, replace, {
      name: row.name,
      description: row.description,
      policy: row.policy,
    });
  }

  deleteCustomRole(tenantId: string, key: string): Promise<boolean> {
    return this.deleteNamed('custom_roles', tenantId, key);
  }

  async findSpace(tenantId: string, key: string): Promise<SpaceRecord | null> {
    const row = await this.db
      .selectFrom('spaces')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? null : namedFromRow(row);
  }

  async listSpaces(tenantId: string, limit: number, offset: number): Promise<Page<SpaceRecord>> {
    const page = await this.pageNamed('spaces', tenantId, limit, offset);
    return {
      items: page.rows.map((row) => namedFromRow(row as Selectable<SpacesTable>)),
      totalItems: page.totalItems,
    };
  }

  async saveSpace(space: SpaceRecord, replace: boolean): Promise<boolean> {
    const row = namedToRow(space);
    return this.saveNamed('spaces', row, replace, { name: row.name, description: row.description });
  }

  deleteSpace(tenantId: string, key: string): Promise<boolean> {
    return this.deleteNamed('spaces', tenantId, key);
  }

  /** One page of a tenant's keyed objects (custom roles or spaces), in key order, with the total. */
  private async pageNamed(table: 'custom_roles' | 'spaces', tenantId: string, limit: number, offset: number) {
    const base = this.db.selectFrom(table).where('tenant_id', '=', tenantId);
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('key').limit(limit).offset(offset).execute(),
    ]);
    return { rows, totalItems: toNumber(countRow.count) };
  }

  private async deleteNamed(
    table: 'custom_roles' | 'spaces',
    tenantId: string,
    key: string,
  ): Promise<boolean> {
    const result = await this.db
      .deleteFrom(table)
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Insert a new key (false if taken), or update an existing one (false if absent). */
  private async saveNamed(
    table: 'custom_roles' | 'spaces',
    row: Record<string, unknown> & { tenant_id: string; key: string; updated_at: number },
    replace: boolean,
    changes: Record<string, unknown>,
  ): Promise<boolean> {
    // biome-ignore lint/suspicious/noExplicitAny: one body for two tables of the same shape.
    const db = this.db as Kysely<any>;
    if (!replace) {
      const result = await db
        .insertInto(table)
        .values(row)
        .onConflict((conflict) => conflict.columns(['tenant_id', 'key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const result = await db
      .updateTable(table)
      .set({ ...changes, updated_at: row.updated_at })
      .where('tenant_id', '=', row.tenant_id)
      .where('key', '=', row.key)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async isInUse(tenantId: string, what: { customRole: string } | { space: string }): Promise<boolean> {
    let query = this.db
      .selectFrom('tokens')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('revoked_at', 'is', null);
    // Keys may hold `_`, a LIKE wildcard: escaped, so `a_b` does not match a token naming `axb`.
    query =
      'space' in what
        ? query.where('space', '=', what.space)
        : query.where(
            'custom_roles',
            'like',
            sql<string>`${`%${likePrefix(JSON.stringify(what.customRole))}`} escape '\\'`,
          );
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  async insertAuditEvent(event: AuditEventRecord): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        id: event.id,
        tenant_id: event.tenantId,
        actor_token_id: event.actorTokenId,
        actor_member_id: event.actorMemberId,
        action: event.action,
        target_type: event.targetType,
        target_id: event.targetId,
        occurred_at: event.occurredAtMs,
        client_ip: event.clientIp,
        request_id: event.requestId,
        details: toJson(event.details),
      })
      .execute();
  }

  async listAuditEvents(tenantId: string, limit: number, offset: number): Promise<Page<AuditEventRecord>> {
    const base = this.db.selectFrom('audit_events').where('tenant_id', '=', tenantId);
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    ]);
    return {
      totalItems: toNumber(countRow.count),
      items: rows.map((row) => ({
        id: row.id,
        tenantId: row.tenant_id,
        actorTokenId: row.actor_token_id,
        actorMemberId: row.actor_member_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        occurredAtMs: toNumber(row.occurred_at),
        clientIp: row.client_ip,
        requestId: row.request_id,
        details: parseJson<Record<string, unknown>>(row.details),
      })),
    };
  }

  async findServerKeyCheck(version: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('server_keys')
      .select('check_value')
      .where('version', '=', version)
      .executeTakeFirst();
    return row?.check_value ?? null;
  }

  async insertServerKeyCheck(version: number, checkValue: string, nowMs: number): Promise<void> {
    await this.db
      .insertInto('server_keys')
      .values({ version, check_value: checkValue, created_at: nowMs })
      .onConflict((conflict) => conflict.column('version').doNothing())
      .execute();
  }

  async claimBootstrap(tenantId: string, nowMs: number): Promise<boolean> {
    const result = await this.db
      .insertInto('bootstrap')
      .values({ id: 1, tenant_id: tenantId, created_at: nowMs })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async findBootstrapTenantId(): Promise<string | null> {
    const row = await this.db
      .selectFrom('bootstrap')
      .select('tenant_id')
      .where('id', '=', 1)
      .executeTakeFirst();
    return row?.tenant_id ?? null;
  }
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length++;
  return length;
}

function applyTokenFilters<Q extends { where: (...args: never[]) => Q }>(
  query: Q,
  filters: TokenFilters,
  nowMs: number,
): Q {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's where overloads do not survive a generic Q.
  let q = query as any;
  q = filters.revoked === true ? q.where('revoked_at', 'is not', null) : q.where('revoked_at', 'is', null);
  if (filters.type !== undefined) q = q.where('type', '=', filters.type);
  if (filters.kind !== undefined) q = q.where('kind', '=', filters.kind);
  if (filters.permanent !== undefined) q = q.where('expires_at', filters.permanent ? 'is' : 'is not', null);
  if (filters.ownerId !== undefined) q = q.where('owner_id', '=', filters.ownerId);
  if (filters.space !== undefined) q = q.where('space', '=', filters.space);
  // substr rather than LIKE: exact and case-sensitive on both dialects, with no wildcard to escape.
  // Both count characters (code points), not UTF-16 units: `😀` is one character, `.length` says 2.
  if (filters.namePrefix !== undefined)
    q = q.where(sql`substr(name, 1, ${codePointLength(filters.namePrefix)})`, '=', filters.namePrefix);
  if (filters.expired !== undefined) {
    q = filters.expired
      ? q.where('expires_at', '<=', nowMs)
      : // biome-ignore lint/suspicious/noExplicitAny: see above.
        q.where((eb: any) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMs)]));
  }
  if (filters.active !== undefined) {
    // Active: switched on, within its validity window (not expired, not before not_before).
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    const activeCondition = (eb: any) =>
      eb.and([
        eb('is_active', '=', 1),
        eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowMs)]),
        eb.or([eb('not_before', 'is', null), eb('not_before', '<=', nowMs)]),
      ]);
    // biome-ignore lint/suspicious/noExplicitAny: see above.
    q = filters.active ? q.where(activeCondition) : q.where((eb: any) => eb.not(activeCondition(eb)));
  }
  return q as Q;
}
