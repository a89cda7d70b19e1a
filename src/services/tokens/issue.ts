// Issuing a token: the record a spec makes, written under a freshly minted secret. Every new token
// (a create, a member's first token, a tenant's owner token, the bench seed) is written here.
import { TesseraError } from '../../core/errors.js';
import type { ResolvedCustomRole, Role } from '../../core/permissions.js';
import { type NewTokenRecord, type TokenRecord, uniqueName } from '../../core/token.js';
import type { StoreOperations } from '../../store/store.js';
import type { Deps } from '../deps.js';
import { newId } from '../ids.js';
import { type ImportedSecret, mintSecret, storedImport } from '../secrets.js';

/**
 * Everything a new token is made of, once every default and check has been applied: the record's own
 * fields (derived from TokenRecord, so the two cannot drift), less what issuing fills in.
 */
export type TokenSpec = Pick<
  TokenRecord,
  | 'tenantId'
  | 'ownerId'
  | 'createdByMemberId'
  | 'name'
  | 'description'
  | 'type'
  | 'role'
  | 'scopes'
  | 'metadata'
  | 'expiresAtMs'
  | 'notBeforeMs'
  | 'countsTowardCap'
  | 'service'
  | 'capRole'
> &
  Partial<
    Pick<
      TokenRecord,
      | 'maxUses'
      | 'defaultApiVersion'
      | 'kind'
      | 'space'
      | 'policy'
      | 'customRoles'
      | 'allowedCidrs'
      | 'rateLimit'
      | 'canary'
      | 'imported'
    >
  >;

export interface IssuedToken {
  readonly token: TokenRecord;
  /**
   * Shown once, in the response that creates it; never stored, logged or audited. Empty for an
   * imported token: its secret is the importer's own, and an import's answer never echoes it.
   */
  readonly secret: string;
}

/** The record of a new token made to `spec`: active, unrevoked, unused, at revision 1 (the store numbers it). */
export function newTokenRecord(
  spec: TokenSpec,
  made: { readonly id: string; readonly name: string; readonly hint: string; readonly nowMs: number },
): NewTokenRecord {
  return {
    id: made.id,
    tenantId: spec.tenantId,
    ownerId: spec.ownerId,
    createdByMemberId: spec.createdByMemberId,
    name: made.name,
    description: spec.description,
    type: spec.type,
    kind: spec.kind ?? 'account',
    space: spec.space ?? null,
    isActive: true,
    service: spec.service,
    role: spec.role,
    scopes: spec.scopes,
    policy: spec.policy ?? null,
    customRoles: spec.customRoles ?? null,
    allowedCidrs: spec.allowedCidrs ?? null,
    rateLimit: spec.rateLimit ?? null,
    maxUses: spec.maxUses ?? null,
    remainingUses: spec.maxUses ?? null,
    metadata: spec.metadata,
    defaultApiVersion: spec.defaultApiVersion ?? null,
    hint: made.hint,
    countsTowardCap: spec.countsTowardCap,
    capRole: spec.capRole,
    createdAtMs: made.nowMs,
    updatedAtMs: made.nowMs,
    notBeforeMs: spec.notBeforeMs,
    expiresAtMs: spec.expiresAtMs,
    revokedAtMs: null,
    lastUsedAtMs: null,
    lastUsedIp: null,
    lastUsedUserAgent: null,
    revision: 1,
    canary: spec.canary ?? false,
    revokedReason: null,
    imported: spec.imported ?? false,
  };
}

/**
 * Writes a new token made to `spec` under a freshly minted secret (or the imported one), with the id
 * and name given: the one write path of every new token (issueToken below, and the bench seed).
 */
export async function insertNewToken(
  deps: Pick<Deps, 'random' | 'keys'>,
  tx: Pick<StoreOperations, 'insertToken'>,
  spec: TokenSpec,
  made: { readonly id: string; readonly name: string; readonly nowMs: number },
  imported?: ImportedSecret,
): Promise<IssuedToken> {
  if (imported !== undefined) {
    const { stored, hint } = storedImport(deps.keys, imported);
    const token = await tx.insertToken(
      newTokenRecord({ ...spec, imported: true }, { ...made, hint }),
      stored,
    );
    return { token, secret: '' };
  }
  const minted = mintSecret(deps, spec.type);
  const token = await tx.insertToken(newTokenRecord(spec, { ...made, hint: minted.hint }), minted.stored);
  return { token, secret: minted.secret };
}

/** Issues a new token inside the caller's transaction; the name is made unique in the owner's scope. */
export async function issueToken(
  deps: Pick<Deps, 'random' | 'keys'>,
  tx: StoreOperations,
  spec: TokenSpec,
  nowMs: number,
  imported?: ImportedSecret,
): Promise<IssuedToken> {
  const taken = await tx.findNamesLike(spec.tenantId, spec.ownerId, spec.name);
  return insertNewToken(
    deps,
    tx,
    spec,
    { id: newId(deps.random, 'tok'), name: uniqueName(spec.name, taken), nowMs },
    imported,
  );
}

/**
 * A token Tessera issues itself (a new member's first token, a CLI owner token): permanent, personal,
 * carrying the member's role, and outside the permanent-token cap (SPEC "Lifetimes").
 */
export function memberTokenSpec(
  member: { readonly id: string; readonly tenantId: string; readonly role: Role },
  naming: { readonly name: string; readonly description: string; readonly createdByMemberId: string | null },
): TokenSpec {
  return {
    tenantId: member.tenantId,
    ownerId: member.id,
    createdByMemberId: naming.createdByMemberId,
    name: naming.name,
    description: naming.description,
    type: 'api',
    role: member.role,
    scopes: [],
    metadata: null,
    expiresAtMs: null,
    notBeforeMs: null,
    countsTowardCap: false,
    service: false,
    capRole: null,
  };
}

/** Custom roles by key, current policies included; an unknown key is the caller's mistake (400). */
export async function resolveCustomRoles(
  store: Pick<StoreOperations, 'findCustomRoles'>,
  tenantId: string,
  keys: readonly string[],
): Promise<ResolvedCustomRole[]> {
  const found = await store.findCustomRoles(tenantId, keys);
  const missing = keys.find((key) => !found.some((role) => role.key === key));
  if (missing !== undefined) throw new TesseraError('invalid_request', `no custom role with key ${missing}`);
  return found.map((role) => ({ key: role.key, policy: role.policy }));
}
