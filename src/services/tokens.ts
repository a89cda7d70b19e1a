// Token use-cases: issue, create, list, read and revoke. Decisions come from core; writes are atomic.
import { createHash } from 'node:crypto';
import { checkCidrs } from '../core/cidr.js';
import { TesseraError } from '../core/errors.js';
import { checkMetadata } from '../core/metadata.js';
import { type ResolvedCustomRole, type Role, scopesProblem, type TokenKind } from '../core/permissions.js';
import { canonicalGlob, type PolicyStatement, tokenGlobsProblem } from '../core/policy.js';
import type { RateLimitSetting } from '../core/rate-limit.js';
import { formatSecret, SECRET_RANDOM_BYTES, secretHint, type TokenType } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import { parseTimestamp } from '../core/time.js';
import { type Lifetime, resolveLifetime, type TokenRecord, uniqueName } from '../core/token.js';
import type { StoreOperations } from '../store/store.js';
import { type Actor, actsAsAdmin, effectiveRole, requirePermission, requireWithin } from './actor.js';
import { recordChange } from './audit.js';
import type { Deps } from './deps.js';
import { newId } from './ids.js';
import { policyOrThrow } from './named-objects.js';

/** Everything a new token is made of, once every default and check has been applied. */
export interface TokenSpec {
  readonly tenantId: string;
  readonly ownerId: string | null;
  readonly createdByMemberId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly type: TokenType;
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>> | null;
  readonly expiresAtMs: number | null;
  readonly notBeforeMs: number | null;
  readonly maxUses?: number | null;
  readonly defaultApiVersion?: number | null;
  readonly kind?: TokenKind;
  readonly space?: string | null;
  readonly policy?: readonly PolicyStatement[] | null;
  readonly customRoles?: readonly string[] | null;
  readonly allowedCidrs?: readonly string[] | null;
  readonly rateLimit?: RateLimitSetting | null;
  readonly countsTowardCap: boolean;
  readonly service: boolean;
  readonly capRole: Role | null;
}

export interface IssuedToken {
  readonly token: TokenRecord;
  /** Shown once, in the response that creates it; never stored, logged or audited. */
  readonly secret: string;
}

/** The record of a new token made to `spec`: active, unrevoked, unused, at revision 1. */
export function newTokenRecord(
  spec: TokenSpec,
  made: { readonly id: string; readonly name: string; readonly secret: string; readonly nowMs: number },
): TokenRecord {
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
    hint: secretHint(made.secret),
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
  };
}

/** Writes a new token inside the caller's transaction; the name is made unique in the owner's scope. */
export async function issueToken(
  deps: Pick<Deps, 'random' | 'keys'>,
  tx: StoreOperations,
  spec: TokenSpec,
  nowMs: number,
): Promise<IssuedToken> {
  const taken = await tx.findNamesLike(spec.tenantId, spec.ownerId, spec.name);
  const key = deps.keys.current;
  const secret = formatSecret(spec.type, key.version, deps.random.bytes(SECRET_RANDOM_BYTES));
  const token = newTokenRecord(spec, {
    id: newId(deps.random, 'tok'),
    name: uniqueName(spec.name, taken),
    secret,
    nowMs,
  });
  await tx.insertToken(token, { digest: digestSecret(key, secret), keyVersion: key.version });
  return { token, secret };
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

/** The body of POST /v1/tokens, after schema validation (wire names). */
export interface CreateTokenInput {
  readonly name?: string;
  readonly description?: string;
  readonly type?: TokenType;
  readonly lifetime?: Lifetime;
  readonly ttl?: number;
  readonly expires_at?: string;
  readonly not_before?: string;
  readonly role?: Role;
  readonly scopes?: readonly string[];
  readonly metadata?: Record<string, unknown>;
  readonly max_uses?: number;
  readonly default_api_version?: number;
  readonly service?: boolean;
  readonly kind?: TokenKind;
  readonly space?: string;
  readonly policy?: unknown;
  readonly custom_roles?: readonly string[];
  readonly allowed_cidrs?: readonly string[];
  readonly rate_limit?: { readonly limit: number; readonly window_seconds: number };
}

function timestampField(field: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const epochMs = parseTimestamp(text);
  if (epochMs === null) throw new TesseraError('invalid_request', `${field} must be an RFC 3339 timestamp`);
  return epochMs;
}

export const DEFAULT_TOKEN_NAME = 'token';

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

/**
 * Kind and space: given, or the caller's own (a space token mints into its space). A `space` token
 * names an existing space; the other kinds name none. Whether the caller may is "A within B"'s call.
 */
async function resolveKindAndSpace(
  deps: Deps,
  actor: Actor,
  input: CreateTokenInput,
): Promise<{ kind: TokenKind; space: string | null }> {
  const kind = input.kind ?? actor.token.kind;
  const space = input.space ?? (input.kind === undefined ? actor.token.space : null);
  if (kind !== 'space') {
    if (space !== null)
      throw new TesseraError('invalid_request', 'space is set only on tokens of kind space');
    return { kind, space };
  }
  if (space === null) throw new TesseraError('invalid_request', 'a token of kind space names its space');
  if ((await deps.store.findSpace(actor.tenantId, space)) === null)
    throw new TesseraError('invalid_request', `no space with key ${space}`);
  return { kind, space };
}

export interface CreateOptions {
  /** The client's Idempotency-Key header: the same key and body answer with the same token. */
  readonly idempotencyKey?: string | undefined;
}

/** A create's answer: a new token with its secret, or the replay of an earlier create (no secret). */
export type CreateResult =
  | { readonly replayed: false; readonly issued: IssuedToken }
  | { readonly replayed: true; readonly token: TokenRecord };

export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([left], [right]) =>
      left < right ? -1 : left > right ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function createToken(
  deps: Deps,
  actor: Actor,
  input: CreateTokenInput,
  options: CreateOptions = {},
): Promise<CreateResult> {
  requirePermission(actor, 'tokens:write');
  const nowMs = deps.clock.nowMs();
  const type = input.type ?? 'api';
  const lifetime = resolveLifetime(
    {
      type,
      lifetime: input.lifetime,
      ttlSeconds: input.ttl,
      expiresAtMs: timestampField('expires_at', input.expires_at),
      notBeforeMs: timestampField('not_before', input.not_before),
    },
    nowMs,
  );
  if (!lifetime.ok) throw new TesseraError('invalid_request', lifetime.detail);
  const metadataProblem = input.metadata === undefined ? null : checkMetadata(input.metadata);
  if (metadataProblem !== null) throw new TesseraError('invalid_request', metadataProblem);

  // SPEC: a token created with none of role and scopes gets a copy of the creating token's grants.
  // A service token belongs to the tenant and outlives the member who made it (LaunchDarkly
  // serviceToken), so making one is an admin's decision; tokens a service token makes are service too.
  if (input.service === false && actor.token.service) {
    throw new TesseraError(
      'invalid_request',
      'a service token makes service tokens; it has no member to own a personal one',
    );
  }
  const service = input.service === true || actor.token.service;
  if (input.service === true && !actsAsAdmin(actor)) {
    throw new TesseraError('forbidden', 'creating a service token needs the admin role');
  }
  const copiesCaller = [input.role, input.scopes, input.policy, input.custom_roles].every(
    (grant) => grant === undefined,
  );
  const role = copiesCaller ? effectiveRole(actor) : (input.role ?? null);
  const scopes = copiesCaller ? actor.token.scopes : [...new Set((input.scopes ?? []).map(canonicalGlob))];
  const policy = copiesCaller
    ? actor.token.policy
    : input.policy === undefined
      ? null
      : policyOrThrow(input.policy);
  const customRoleKeys = copiesCaller
    ? actor.token.customRoles
    : input.custom_roles === undefined
      ? null
      : [...new Set(input.custom_roles)];
  const scopesOrPolicyProblem = copiesCaller
    ? null
    : (scopesProblem(scopes) ?? tokenGlobsProblem(scopes, policy));
  if (scopesOrPolicyProblem !== null) throw new TesseraError('invalid_request', scopesOrPolicyProblem);
  const customRoles = await resolveCustomRoles(deps.store, actor.tenantId, customRoleKeys ?? []);
  const { kind, space } = await resolveKindAndSpace(deps, actor, input);
  const allowedCidrs =
    input.allowed_cidrs === undefined ? actor.token.allowedCidrs : [...new Set(input.allowed_cidrs)];
  // Limits are inherited like confinement: a limited caller's tokens are limited too unless they say.
  const rateLimit =
    input.rate_limit === undefined
      ? actor.token.rateLimit
      : { limit: input.rate_limit.limit, windowSeconds: input.rate_limit.window_seconds };
  const cidrProblem = allowedCidrs === null ? null : checkCidrs(allowedCidrs);
  if (cidrProblem !== null) throw new TesseraError('invalid_request', cidrProblem);
  requireWithin(
    actor,
    {
      role,
      scopes,
      policy: policy ?? [],
      customRoles,
      kind,
      space,
      allowedCidrs,
      rateLimit,
      expiresAtMs: lifetime.expiresAtMs,
    },
    'the new token',
  );

  const permanent = lifetime.expiresAtMs === null;
  const callerScope = actor.memberId ?? '';
  const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  return deps.store.transaction(async (tx): Promise<CreateResult> => {
    await tx.lockOwnerScope(actor.tenantId, service ? null : actor.memberId);
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const earlier = await tx.findIdempotencyKey(actor.tenantId, callerScope, key);
      if (earlier !== null && nowMs - earlier.createdAtMs >= IDEMPOTENCY_KEY_TTL_MS) {
        await tx.deleteIdempotencyKey(actor.tenantId, callerScope, key);
      } else if (earlier !== null) {
        if (earlier.requestHash !== requestHash) {
          throw new TesseraError('conflict', 'this Idempotency-Key was used with a different request body');
        }
        const token = await tx.findToken(actor.tenantId, earlier.tokenId);
        if (token !== null) return { replayed: true, token };
      }
    }
    if (permanent) {
      const held = await tx.countCappedTokens(actor.tenantId, service ? null : actor.memberId);
      if (held >= deps.settings.permanentTokenCap) {
        throw new TesseraError(
          'permanent_token_cap_reached',
          `at most ${deps.settings.permanentTokenCap} permanent tokens per owner; revoke one or set an expiry`,
        );
      }
    }
    const issued = await issueToken(
      deps,
      tx,
      {
        tenantId: actor.tenantId,
        ownerId: service ? null : actor.memberId,
        createdByMemberId: actor.memberId,
        name: input.name ?? DEFAULT_TOKEN_NAME,
        description: input.description ?? null,
        type,
        role,
        scopes,
        metadata: input.metadata ?? null,
        maxUses: input.max_uses ?? null,
        kind,
        space,
        policy,
        customRoles: customRoleKeys,
        allowedCidrs,
        rateLimit,
        defaultApiVersion: input.default_api_version ?? null,
        expiresAtMs: lifetime.expiresAtMs,
        notBeforeMs: lifetime.notBeforeMs,
        countsTowardCap: permanent,
        service,
        // Capped for good by the creator's role now: no member's later role applies to it.
        capRole: service ? (effectiveRole(actor) ?? actor.authority.capRole) : null,
      },
      nowMs,
    );
    await recordChange(deps, tx, actor, nowMs, {
      action: 'token.create',
      targetType: 'token',
      targetId: issued.token.id,
      details: { name: issued.token.name, type, lifetime: permanent ? 'permanent' : 'temporary' },
    });
    if (key !== undefined) {
      const stored = await tx.insertIdempotencyKey(actor.tenantId, callerScope, key, {
        requestHash,
        tokenId: issued.token.id,
        createdAtMs: nowMs,
      });
      // Transactions are serialised per key, so a lost insert means a concurrent create: undo ours.
      if (!stored)
        throw new TesseraError('conflict', 'a request with this Idempotency-Key is in progress; retry');
    }
    return { replayed: false, issued };
  });
}
