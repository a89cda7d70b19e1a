// The authenticated caller: the credential the one verifier accepted, and what bounds it.

import { TesseraError } from '../core/errors.js';
import {
  type Authority,
  authorityAllows,
  authorityOf,
  isWithin,
  lowerRole,
  type RequestedGrant,
  type Role,
  roleRank,
} from '../core/permissions.js';
import type { TokenRecord } from '../core/token.js';
import type { Credential } from '../core/verify.js';
import type { LastUse } from '../store/store.js';
import type { RequestContext } from './deps.js';

export interface Actor {
  /** The token as the verification found it (it may come from the verify cache). */
  readonly token: TokenRecord;
  readonly tenantId: string;
  readonly memberId: string | null;
  readonly tenantIsOperator: boolean;
  readonly authority: Authority;
  readonly context: RequestContext;
  /** What the verification that admitted this caller wrote of the token: see `selfAsOfNow`. */
  readonly ownUse: OwnUse;
  /**
   * The caller's own member as its credential read it (null for a service token, or a member since
   * removed): current, since a change to a member invalidates its tenant's cached credentials.
   */
  readonly ownMember: OwnMember | null;
}

/** What a dialect shows of the member beside its own token (LaunchDarkly's `_member`). */
export interface OwnMember {
  readonly id: string;
  readonly role: Role;
  readonly email: string;
}

/** The token's fields a verification changes without touching the cache: this use, and uses left. */
export interface OwnUse {
  readonly lastUse: LastUse | null;
  readonly remainingUses: number | null;
}

export function actorFromCredential(credential: Credential, context: RequestContext, ownUse: OwnUse): Actor {
  const { token } = credential;
  return {
    token,
    tenantId: token.tenantId,
    memberId: token.ownerId,
    tenantIsOperator: credential.tenantIsOperator,
    context,
    authority: authorityOf(credential),
    ownUse,
    ownMember:
      token.ownerId === null || credential.memberRemoved || credential.memberRole === null
        ? null
        : { id: token.ownerId, role: credential.memberRole, email: credential.memberEmail ?? '' },
  };
}

/**
 * The caller's own token as it stands now, with no store read. The credential is current but for what
 * verification itself writes (every other change to a token, its tenant or its roles invalidates the
 * cache): its last use, which is this very request, and the uses left, which this verification spent
 * and counted. What the store holds once the written-behind batch lands, a second sooner.
 */
export function selfAsOfNow(actor: Actor): TokenRecord {
  const { lastUse, remainingUses } = actor.ownUse;
  return {
    ...actor.token,
    ...(lastUse === null
      ? {}
      : { lastUsedAtMs: lastUse.atMs, lastUsedIp: lastUse.ip, lastUsedUserAgent: lastUse.userAgent }),
    ...(remainingUses === null ? {} : { remainingUses }),
  };
}

/** The role this caller effectively holds: its token's role, never above its cap. */
export function effectiveRole(actor: Actor): Role | null {
  return actor.authority.role === null ? null : lowerRole(actor.authority.role, actor.authority.capRole);
}

export function actsAsAdmin(actor: Actor): boolean {
  const role = effectiveRole(actor);
  return role !== null && roleRank(role) >= roleRank('admin');
}

/**
 * Why this caller may not do `action`, or null when it may. `resource` (`tokens/<id>`, `members/<id>`,
 * `roles/<key>`, `spaces/<key>`, `tenants/<id>`) lets resource-scoped policy statements decide too;
 * `objectSpace` is the space the object lives in, where it has one (a token confined to a space).
 */
export function permissionRefusal(
  actor: Actor,
  action: string,
  resource?: string,
  objectSpace?: string | null,
): string | null {
  const operatorOnly = action.startsWith('tenants:') && !actor.tenantIsOperator;
  if (operatorOnly || !authorityAllows(actor.authority, action, resource, objectSpace))
    return `this token lacks the permission ${action}${resource ? ` on ${resource}` : ''}`;
  // A space token's world is its space: of Tessera's own API it may manage only tokens, and only
  // tokens in that space (the token routes check the space of each token they touch).
  if (actor.authority.kind === 'space' && !action.startsWith('tokens:'))
    return 'a space token manages only the tokens of its space';
  return null;
}

/** As `permissionRefusal`, and other members' objects need the admin role as well. */
export function adminRefusal(
  actor: Actor,
  action: string,
  resource?: string,
  objectSpace?: string | null,
): string | null {
  const refusal = permissionRefusal(actor, action, resource, objectSpace);
  if (refusal !== null) return refusal;
  return actsAsAdmin(actor) ? null : `${action} on other members' objects needs the admin role`;
}

function throwIfRefused(refusal: string | null): void {
  if (refusal !== null) throw new TesseraError('forbidden', refusal);
}

/** Throws the 403 that names the missing permission. */
export function requirePermission(actor: Actor, action: string, resource?: string): void {
  throwIfRefused(permissionRefusal(actor, action, resource));
}

export function requireAdmin(actor: Actor, action: string, resource?: string): void {
  throwIfRefused(adminRefusal(actor, action, resource));
}

/**
 * Guards the routes that hand out permanent tokens Tessera issues itself (a member's first token, a
 * tenant's owner token): the one "within" decision, with the token's role where it lives in the
 * caller's tenant, or none where it lives in another tenant (a new tenant's owner).
 */
export function requireMayMintPermanent(actor: Actor, role: Role | null, what: string): void {
  requireWithin(actor, { role, scopes: [], expiresAtMs: null }, what);
}

/**
 * The one turn of an "A within B" refusal into its 403: the detail names what the caller lacks, and a
 * check past its work budget is `permissions_too_complex`. `what` names the child ("the new token").
 */
export function requireWithin(actor: Actor, child: RequestedGrant, what: string): void {
  const within = isWithin(child, actor.authority);
  if (within.within) return;
  throw new TesseraError(
    within.tooComplex === true ? 'permissions_too_complex' : 'forbidden',
    `${what} would exceed the calling token: ${within.missing}`,
  );
}
