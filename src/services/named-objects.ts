// Custom roles (reusable named policies) and spaces (named parts of a tenant): create, read, update,
// delete, each audited. Deleting one that an unrevoked token uses is a conflict.
import { TesseraError } from '../core/errors.js';
import { type PolicyStatement, parsePolicy } from '../core/policy.js';
import type { CustomRoleRecord, NamedRecord, Page, SpaceRecord, StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin, requirePermission, requireWithin } from './actor.js';
import { recordChange } from './audit.js';
import type { Deps } from './deps.js';

export { KEY_PATTERN } from '../core/token-fields.js';

interface Kind<R extends NamedRecord> {
  readonly noun: 'custom role' | 'space';
  readonly action: 'roles' | 'spaces';
  readonly targetType: 'role' | 'space';
  find(tx: StoreOperations, tenantId: string, key: string): Promise<R | null>;
  save(tx: StoreOperations, record: R, replace: boolean): Promise<boolean>;
  remove(tx: StoreOperations, tenantId: string, key: string): Promise<boolean>;
  inUse(tx: StoreOperations, tenantId: string, key: string): Promise<boolean>;
  list(deps: Deps, tenantId: string, limit: number, offset: number): Promise<Page<R>>;
}

export const CUSTOM_ROLES: Kind<CustomRoleRecord> = {
  noun: 'custom role',
  action: 'roles',
  targetType: 'role',
  find: async (tx, tenantId, key) => (await tx.findCustomRoles(tenantId, [key]))[0] ?? null,
  save: (tx, record, replace) => tx.saveCustomRole(record, replace),
  remove: (tx, tenantId, key) => tx.deleteCustomRole(tenantId, key),
  inUse: (tx, tenantId, key) => tx.isInUse(tenantId, { customRole: key }),
  list: (deps, tenantId, limit, offset) => deps.store.listCustomRoles(tenantId, limit, offset),
};

export const SPACES: Kind<SpaceRecord> = {
  noun: 'space',
  action: 'spaces',
  targetType: 'space',
  find: (tx, tenantId, key) => tx.findSpace(tenantId, key),
  save: (tx, record, replace) => tx.saveSpace(record, replace),
  remove: (tx, tenantId, key) => tx.deleteSpace(tenantId, key),
  inUse: (tx, tenantId, key) => tx.isInUse(tenantId, { space: key }),
  list: (deps, tenantId, limit, offset) => deps.store.listSpaces(tenantId, limit, offset),
};

/**
 * Writing a custom role changes what every token naming it may do: that is an admin's decision, and
 * the policy written must be within the writer (else a writer could hand any token more than it holds).
 * A token may not rewrite or delete a role it carries itself: that would lift its own restrictions.
 */
function requireWrite(actor: Actor, kind: Pick<Kind<NamedRecord>, 'action'>, key: string): void {
  const resource = `${kind.action}/${key}`;
  if (kind.action === 'spaces') {
    requirePermission(actor, 'spaces:write', resource);
    return;
  }
  requireAdmin(actor, 'roles:write', resource);
  if (actor.token.customRoles?.includes(key)) {
    throw new TesseraError('forbidden', `this token carries the custom role ${key} and so may not change it`);
  }
}

/** A custom role's policy may grant only what the token writing it holds. */
function requirePolicyWithin(actor: Actor, policy: readonly PolicyStatement[] | undefined): void {
  if (policy !== undefined) {
    const { authority } = actor;
    requireWithin(
      actor,
      {
        role: null,
        scopes: [],
        policy,
        kind: authority.kind,
        space: authority.space,
        allowedCidrs: authority.allowedCidrs,
        rateLimit: authority.rateLimit,
        expiresAtMs: authority.expiresAtMs,
      },
      "the role's policy",
    );
  }
}

function audited(
  deps: Deps,
  tx: StoreOperations,
  actor: Actor,
  kind: Pick<Kind<NamedRecord>, 'targetType'>,
  verb: string,
  key: string,
) {
  return recordChange(deps, tx, actor, deps.clock.nowMs(), {
    action: `${kind.targetType}.${verb}`,
    targetType: kind.targetType,
    targetId: key,
  });
}

export function policyOrThrow(value: unknown): readonly PolicyStatement[] {
  const policy = parsePolicy(value);
  if (typeof policy === 'string') throw new TesseraError('invalid_request', `policy: ${policy}`);
  return policy;
}

export interface NamedInput {
  readonly key: string;
  readonly name: string;
  readonly description?: string | null;
  readonly policy?: unknown;
}

function recordOf<R extends NamedRecord>(
  kind: Kind<R>,
  tenantId: string,
  input: NamedInput,
  createdAtMs: number,
  nowMs: number,
): R {
  const base: NamedRecord = {
    tenantId,
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    createdAtMs,
    updatedAtMs: nowMs,
  };
  return (kind.action === 'roles' ? { ...base, policy: policyOrThrow(input.policy) } : base) as R;
}

export async function createNamed<R extends NamedRecord>(
  deps: Deps,
  actor: Actor,
  kind: Kind<R>,
  input: NamedInput,
): Promise<R> {
  requireWrite(actor, kind, input.key);
  const nowMs = deps.clock.nowMs();
  const record = recordOf(kind, actor.tenantId, input, nowMs, nowMs);
  requirePolicyWithin(actor, (record as Partial<CustomRoleRecord>).policy);
  return deps.store.transaction(async (tx) => {
    if (!(await kind.save(tx, record, false)))
      throw new TesseraError('conflict', `a ${kind.noun} with key ${input.key} exists`);
    await audited(deps, tx, actor, kind, 'create', input.key);
    return record;
  });
}

export async function getNamed<R extends NamedRecord>(
  deps: Deps,
  actor: Actor,
  kind: Kind<R>,
  key: string,
): Promise<R> {
  requirePermission(actor, `${kind.action}:read`, `${kind.action}/${key}`);
  const found = await kind.find(deps.store, actor.tenantId, key);
  if (found === null) throw new TesseraError('not_found', `no such ${kind.noun}`);
  return found;
}

export function listNamed<R extends NamedRecord>(
  deps: Deps,
  actor: Actor,
  kind: Kind<R>,
  limit: number,
  offset: number,
): Promise<Page<R>> {
  requirePermission(actor, `${kind.action}:read`);
  return kind.list(deps, actor.tenantId, limit, offset);
}

export async function updateNamed<R extends NamedRecord>(
  deps: Deps,
  actor: Actor,
  kind: Kind<R>,
  key: string,
  changes: Partial<Omit<NamedInput, 'key'>>,
): Promise<R> {
  requireWrite(actor, kind, key);
  return deps.store.transaction(async (tx) => {
    const current = await kind.find(tx, actor.tenantId, key);
    if (current === null) throw new TesseraError('not_found', `no such ${kind.noun}`);
    const merged: NamedInput = {
      key,
      name: changes.name ?? current.name,
      description: changes.description === undefined ? current.description : changes.description,
      policy: changes.policy ?? (current as unknown as CustomRoleRecord).policy,
    };
    const record = recordOf(kind, actor.tenantId, merged, current.createdAtMs, deps.clock.nowMs());
    requirePolicyWithin(actor, (record as Partial<CustomRoleRecord>).policy);
    await kind.save(tx, record, true);
    await audited(deps, tx, actor, kind, 'update', key);
    return record;
  });
}

export async function deleteNamed<R extends NamedRecord>(
  deps: Deps,
  actor: Actor,
  kind: Kind<R>,
  key: string,
): Promise<void> {
  requireWrite(actor, kind, key);
  await deps.store.transaction(async (tx) => {
    if ((await kind.find(tx, actor.tenantId, key)) === null)
      throw new TesseraError('not_found', `no such ${kind.noun}`);
    if (await kind.inUse(tx, actor.tenantId, key)) {
      throw new TesseraError(
        'conflict',
        `the ${kind.noun} ${key} is used by a token; revoke or change those tokens first`,
      );
    }
    await kind.remove(tx, actor.tenantId, key);
    await audited(deps, tx, actor, kind, 'delete', key);
  });
}
