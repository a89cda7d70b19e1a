// Creating a token through the API: the command's grants, lifetime and confinement resolved, checked
// within the caller, then issued in one transaction with the cap and the Idempotency-Key honoured.
import { createHash } from 'node:crypto';
import { checkCidrs } from '../../core/cidr.js';
import { TesseraError } from '../../core/errors.js';
import { checkMetadata } from '../../core/metadata.js';
import { type Role, roleRank, scopesProblem, type TokenKind } from '../../core/permissions.js';
import { canonicalGlob, type PolicyStatement, tokenGlobsProblem } from '../../core/policy.js';
import type { RateLimitSetting } from '../../core/rate-limit.js';
import type { TokenType } from '../../core/secret.js';
import type { ExpiryDefault, Lifetime, TokenRecord } from '../../core/token.js';
import type { CapCounting, StoreOperations } from '../../store/store.js';
import { type Actor, actsAsAdmin, effectiveRole, requirePermission, requireWithin } from '../actor.js';
import { recordChange } from '../audit.js';
import type { Deps } from '../deps.js';
import { tokenEvent } from '../events/build.js';
import { policyOrThrow } from '../named-objects.js';
import { type ImportedSecret, importedDigests, sha256Hex } from '../secrets.js';
import { tokenActionRefusal } from './access.js';
import { type IssuedToken, issueToken, resolveCustomRoles, type TokenSpec } from './issue.js';
import { lifetimeUnderPolicy } from './lifetime.js';

/** What a caller asks a new token to be, in domain terms (each door translates its wire into this). */
export interface CreateTokenCommand {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly type?: TokenType | undefined;
  readonly lifetime?: Lifetime | undefined;
  readonly ttlSeconds?: number | undefined;
  readonly expiresAtMs?: number | undefined;
  readonly notBeforeMs?: number | undefined;
  /** What a token given no expiry gets (the native defaults unless a door selects another). */
  readonly expiryDefault?: ExpiryDefault | undefined;
  readonly role?: Role | undefined;
  readonly scopes?: readonly string[] | undefined;
  /** Policy statements in Tessera's own shape, not yet checked (`parsePolicy` checks them here). */
  readonly policy?: readonly unknown[] | undefined;
  readonly customRoleKeys?: readonly string[] | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  readonly maxUses?: number | undefined;
  readonly defaultApiVersion?: number | undefined;
  readonly service?: boolean | undefined;
  readonly kind?: TokenKind | undefined;
  readonly space?: string | undefined;
  readonly allowedCidrs?: readonly string[] | undefined;
  readonly rateLimit?: RateLimitSetting | undefined;
  /** A decoy that never grants anything and alarms its owner when presented (SPEC "Canary tokens"). */
  readonly canary?: boolean | undefined;
  /**
   * Resource globs the token's grants are confined to (Fastly's `services`): whatever it is granted,
   * it is denied every action on any other resource.
   */
  readonly confinedTo?: readonly string[] | undefined;
  /** The tenant the caller names for the token (TileDB's workspace_id): any but its own is not found. */
  readonly tenantId?: string | undefined;
}

export const DEFAULT_TOKEN_NAME = 'token';

export interface CreateOptions {
  /** The client's Idempotency-Key header: the same key and body answer with the same token. */
  readonly idempotencyKey?: string | undefined;
  /**
   * Which of the owner's tokens the permanent-token cap counts: `created` (native: those made with a
   * create) or `every-permanent` (NeuroIO: every unrevoked permanent one, Tessera-issued included).
   */
  readonly capCounting?: CapCounting | undefined;
  /** A role the caller must act with to create at all (Lagrello: `admin`), besides tokens:write. */
  readonly requiredRole?: Role | undefined;
  /**
   * An import (POST /v1/tokens/import): the token keeps this existing secret instead of a new one,
   * is marked imported, and stays outside the permanent-token cap (SPEC "Leaks and migration").
   */
  readonly imported?: ImportedSecret | undefined;
}

/** A create's answer: a new token with its secret, or the replay of an earlier create (no secret). */
export type CreateResult =
  | { readonly replayed: false; readonly issued: IssuedToken }
  | { readonly replayed: true; readonly token: TokenRecord };

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Grants {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly PolicyStatement[] | null;
  readonly customRoleKeys: readonly string[] | null;
}

/**
 * The new token's grants. SPEC: a token created with none of role, scopes, policy and custom roles
 * gets a copy of the creating token's (its role as it acts now, never above its cap).
 */
function grantsOf(actor: Actor, command: CreateTokenCommand): Grants {
  const grants = requestedGrantsOf(actor, command);
  if (command.confinedTo === undefined) return grants;
  const confinement: PolicyStatement = { effect: 'deny', actions: ['*'], not_resources: command.confinedTo };
  const policy = [...(grants.policy ?? []), confinement];
  const problem = tokenGlobsProblem(grants.scopes, policyOrThrow(policy));
  if (problem !== null) throw new TesseraError('invalid_request', problem);
  return { ...grants, policy };
}

function requestedGrantsOf(actor: Actor, command: CreateTokenCommand): Grants {
  const copiesCaller = [command.role, command.scopes, command.policy, command.customRoleKeys].every(
    (grant) => grant === undefined,
  );
  if (copiesCaller) {
    return {
      role: effectiveRole(actor),
      scopes: actor.token.scopes,
      policy: actor.token.policy,
      customRoleKeys: actor.token.customRoles,
    };
  }
  const scopes = [...new Set((command.scopes ?? []).map(canonicalGlob))];
  const policy = command.policy === undefined ? null : policyOrThrow(command.policy);
  const problem = scopesProblem(scopes) ?? tokenGlobsProblem(scopes, policy);
  if (problem !== null) throw new TesseraError('invalid_request', problem);
  return {
    role: command.role ?? null,
    scopes,
    policy,
    customRoleKeys: command.customRoleKeys === undefined ? null : [...new Set(command.customRoleKeys)],
  };
}

/**
 * A service token belongs to the tenant and outlives the member who made it (LaunchDarkly
 * serviceToken), so making one is an admin's decision; tokens a service token makes are service too.
 */
function isService(actor: Actor, command: CreateTokenCommand): boolean {
  if (command.service === false && actor.token.service) {
    throw new TesseraError(
      'invalid_request',
      'a service token makes service tokens; it has no member to own a personal one',
    );
  }
  if (command.service === true && !actsAsAdmin(actor)) {
    throw new TesseraError('forbidden', 'creating a service token needs the admin role');
  }
  return command.service === true || actor.token.service;
}

/**
 * Kind and space: given, or the caller's own (a space token mints into its space). A `space` token
 * names an existing space; the other kinds name none. Whether the caller may is "A within B"'s call.
 */
async function kindAndSpaceOf(
  tx: Pick<StoreOperations, 'findSpace'>,
  actor: Actor,
  command: CreateTokenCommand,
): Promise<{ kind: TokenKind; space: string | null }> {
  const kind = command.kind ?? actor.token.kind;
  const space = command.space ?? (command.kind === undefined ? actor.token.space : null);
  if (kind !== 'space') {
    if (space !== null)
      throw new TesseraError('invalid_request', 'space is set only on tokens of kind space');
    return { kind, space };
  }
  if (space === null) throw new TesseraError('invalid_request', 'a token of kind space names its space');
  if ((await tx.findSpace(actor.tenantId, space)) === null)
    throw new TesseraError('invalid_request', `no space with key ${space}`);
  return { kind, space };
}

/** The earlier create this Idempotency-Key answered, if it still stands; a key reused with another body is a 409. */
async function replayOf(
  tx: StoreOperations,
  actor: Actor,
  key: string,
  requestHash: string,
  nowMs: number,
): Promise<TokenRecord | null> {
  const callerScope = actor.memberId ?? '';
  const earlier = await tx.findIdempotencyKey(actor.tenantId, callerScope, key);
  if (earlier === null) return null;
  if (nowMs - earlier.createdAtMs >= IDEMPOTENCY_KEY_TTL_MS) {
    await tx.deleteIdempotencyKey(actor.tenantId, callerScope, key);
    return null;
  }
  if (earlier.requestHash !== requestHash)
    throw new TesseraError('conflict', 'this Idempotency-Key was used with a different request body');
  const token = await tx.findToken(actor.tenantId, earlier.tokenId);
  // Keys are shared by a member's tokens (and a tenant's service tokens): a replay shows the token only
  // to a caller that may read it, as any other read would.
  if (token !== null && tokenActionRefusal(actor, token, 'tokens:read') !== null)
    throw new TesseraError('conflict', 'this Idempotency-Key was used by another token of this owner');
  return token;
}

async function rememberIdempotencyKey(
  tx: StoreOperations,
  actor: Actor,
  key: string,
  requestHash: string,
  token: TokenRecord,
): Promise<void> {
  const stored = await tx.insertIdempotencyKey(actor.tenantId, actor.memberId ?? '', key, {
    requestHash,
    tokenId: token.id,
    createdAtMs: token.createdAtMs,
  });
  // Transactions are serialised per key, so a lost insert means a concurrent create: undo ours.
  if (!stored)
    throw new TesseraError('conflict', 'a request with this Idempotency-Key is in progress; retry');
}

/** An imported secret must not already be stored: one secret names at most one token. */
async function requireSecretFree(deps: Deps, tx: StoreOperations, imported: ImportedSecret): Promise<void> {
  const taken =
    'sha256' in imported
      ? await tx.isSecretTaken([], imported.sha256)
      : await tx.isSecretTaken(importedDigests(deps.keys, imported.secret), sha256Hex(imported.secret));
  if (taken)
    throw new TesseraError('conflict', 'this secret is already stored for a token; nothing was imported');
}

/** The owner's permanent-token cap has room for one more, or a 409 saying what to do. */
export async function requireCapRoom(
  deps: Pick<Deps, 'settings'>,
  tx: StoreOperations,
  tenantId: string,
  ownerId: string | null,
  counting: CapCounting,
) {
  const held = await tx.countCappedTokens(tenantId, ownerId, counting);
  if (held >= deps.settings.permanentTokenCap) {
    throw new TesseraError(
      'permanent_token_cap_reached',
      `at most ${deps.settings.permanentTokenCap} permanent tokens per owner; revoke one or set an expiry`,
    );
  }
}

/**
 * The spec of the new token, every read it depends on (its custom roles, its space) made through the
 * create's own transaction, and checked within the caller there.
 */
async function specOf(
  tx: StoreOperations,
  actor: Actor,
  command: CreateTokenCommand,
  checked: {
    readonly grants: Grants;
    readonly service: boolean;
    readonly expiresAtMs: number | null;
    readonly imported: boolean;
  },
  notBeforeMs: number | null,
): Promise<TokenSpec> {
  const { grants, service, expiresAtMs } = checked;
  const customRoles = await resolveCustomRoles(tx, actor.tenantId, grants.customRoleKeys ?? []);
  const { kind, space } = await kindAndSpaceOf(tx, actor, command);
  const allowedCidrs =
    command.allowedCidrs === undefined ? actor.token.allowedCidrs : [...new Set(command.allowedCidrs)];
  const cidrProblem = allowedCidrs === null ? null : checkCidrs(allowedCidrs);
  if (cidrProblem !== null) throw new TesseraError('invalid_request', cidrProblem);
  // Limits are inherited like confinement: a limited caller's tokens are limited too unless they say.
  const rateLimit = command.rateLimit ?? actor.token.rateLimit;
  requireWithin(
    actor,
    {
      ...grants,
      policy: grants.policy ?? [],
      customRoles,
      kind,
      space,
      allowedCidrs,
      rateLimit,
      expiresAtMs,
    },
    'the new token',
  );
  const ownerId = service ? null : actor.memberId;
  return {
    tenantId: actor.tenantId,
    ownerId,
    createdByMemberId: actor.memberId,
    name: command.name ?? DEFAULT_TOKEN_NAME,
    description: command.description ?? null,
    type: command.type ?? 'api',
    role: grants.role,
    scopes: grants.scopes,
    metadata: command.metadata ?? null,
    maxUses: command.maxUses ?? null,
    kind,
    space,
    policy: grants.policy,
    customRoles: grants.customRoleKeys,
    allowedCidrs,
    rateLimit,
    defaultApiVersion: command.defaultApiVersion ?? null,
    expiresAtMs,
    notBeforeMs,
    // Imported tokens already existed elsewhere: moving them in takes no room under the cap.
    countsTowardCap: expiresAtMs === null && !checked.imported,
    canary: command.canary ?? false,
    service,
    // Capped for good by the creator's role now: no member's later role applies to it.
    capRole: service ? (effectiveRole(actor) ?? actor.authority.capRole) : null,
  };
}

export async function createToken(
  deps: Deps,
  actor: Actor,
  command: CreateTokenCommand,
  options: CreateOptions = {},
): Promise<CreateResult> {
  requirePermission(actor, 'tokens:write');
  if (command.tenantId !== undefined && command.tenantId !== actor.tenantId)
    throw new TesseraError('not_found', 'no such tenant');
  const required = options.requiredRole;
  if (required !== undefined && roleRank(effectiveRole(actor) ?? 'reader') < roleRank(required))
    throw new TesseraError('forbidden', `creating tokens here needs the ${required} role`);
  const nowMs = deps.clock.nowMs();
  const lifetime = await lifetimeUnderPolicy(
    deps,
    actor.tenantId,
    {
      type: command.type ?? 'api',
      expiryDefault: command.expiryDefault,
      lifetime: command.lifetime,
      ttlSeconds: command.ttlSeconds,
      expiresAtMs: command.expiresAtMs,
      notBeforeMs: command.notBeforeMs,
    },
    nowMs,
  );
  const imported = options.imported;
  if (imported !== undefined && (command.type ?? 'api') !== 'api')
    throw new TesseraError(
      'invalid_request',
      'imported tokens are api tokens; type session cannot be imported',
    );
  if (imported !== undefined && command.canary === true)
    throw new TesseraError('invalid_request', 'a canary is a fresh decoy; it cannot be imported');
  const metadataProblem = command.metadata === undefined ? null : checkMetadata(command.metadata);
  if (metadataProblem !== null) throw new TesseraError('invalid_request', metadataProblem);
  const service = isService(actor, command);
  const grants = grantsOf(actor, command);
  const requestHash = createHash('sha256').update(canonicalJson(command)).digest('hex');
  const key = options.idempotencyKey;

  return deps.store.transaction(async (tx): Promise<CreateResult> => {
    await tx.lockOwnerScope(actor.tenantId, service ? null : actor.memberId);
    const spec = await specOf(
      tx,
      actor,
      command,
      { grants, service, expiresAtMs: lifetime.expiresAtMs, imported: imported !== undefined },
      lifetime.notBeforeMs,
    );
    if (imported !== undefined) await requireSecretFree(deps, tx, imported);
    if (key !== undefined) {
      const earlier = await replayOf(tx, actor, key, requestHash, nowMs);
      if (earlier !== null) return { replayed: true, token: earlier };
    }
    // A canary grants nothing, so it takes no room under the cap (SPEC "Canary tokens").
    if (spec.countsTowardCap && spec.canary !== true)
      await requireCapRoom(deps, tx, spec.tenantId, spec.ownerId, options.capCounting ?? 'created');
    const issued = await issueToken(deps, tx, spec, nowMs, imported);
    await recordChange(deps, tx, actor, nowMs, {
      action: imported === undefined ? 'token.create' : 'token.import',
      targetType: 'token',
      targetId: issued.token.id,
      details: {
        name: issued.token.name,
        type: spec.type,
        lifetime: spec.expiresAtMs === null ? 'permanent' : 'temporary',
        ...(spec.canary === true ? { canary: true } : {}),
        // Which form was imported, never the secret or its digest.
        ...(imported === undefined ? {} : { imported: 'sha256' in imported ? 'secret_sha256' : 'secret' }),
      },
    });
    await tx.insertEvents([tokenEvent(deps, nowMs, 'token.created', issued.token)]);
    if (key !== undefined) await rememberIdempotencyKey(tx, actor, key, requestHash, issued.token);
    return { replayed: false, issued };
  });
}

/**
 * A create through a door that has no Idempotency-Key (the vendor dialects): always a new token and its
 * secret, never a replay.
 */
export async function createNewToken(
  deps: Deps,
  actor: Actor,
  command: CreateTokenCommand,
  options: Omit<CreateOptions, 'idempotencyKey'> = {},
): Promise<IssuedToken> {
  const result = await createToken(deps, actor, command, options);
  if (result.replayed) throw new Error('a create without an Idempotency-Key was answered as a replay');
  return result.issued;
}
