// Authority: everything that bounds what a token may do, derived once from a verified credential.
import type { PolicyStatement } from '../policy.js';
import type { RateLimitSetting } from '../rate-limit.js';
import type { TOKEN_KINDS } from '../token-fields.js';
import type { Credential } from '../verify.js';
import type { Role } from './roles.js';

export type TokenKind = (typeof TOKEN_KINDS)[number];

/** What a `manager` token may do: only the token and member management API (NeuroIO). */
export const MANAGER_ACTIONS = ['tokens:*', 'members:*'] as const;

/** A named policy, resolved from a token's `custom_roles` keys. */
export interface ResolvedCustomRole {
  readonly key: string;
  readonly policy: readonly PolicyStatement[];
}

/**
 * Everything that bounds what a token may do: its role, scopes, inline policy and custom roles; its
 * kind and space; the cap of the member it belongs to (personal) or of its creator (service); and its
 * lifetime and use limit.
 */
export interface Authority {
  readonly role: Role | null;
  readonly scopes: readonly string[];
  readonly policy: readonly PolicyStatement[];
  readonly customRoles: readonly ResolvedCustomRole[];
  readonly kind: TokenKind;
  readonly space: string | null;
  /** Source addresses the token is confined to; null: anywhere. */
  readonly allowedCidrs: readonly string[] | null;
  readonly rateLimit: RateLimitSetting | null;
  readonly capRole: Role;
  readonly expiresAtMs: number | null;
  readonly usesLimited: boolean;
}

/** The earlier of two optional instants; null means never. */
function earliest(left: number | null, right: number | null): number | null {
  if (left === null) return right;
  return right === null ? left : Math.min(left, right);
}

/**
 * What a verified credential may do: the token's grants, confinement and limits, capped by its
 * member's role now (personal) or by its creator's role then (service). The one derivation every
 * door uses: the API's actor and verify's decision alike.
 */
export function authorityOf(credential: Credential): Authority {
  const { token } = credential;
  return {
    role: token.role,
    scopes: token.scopes,
    policy: token.policy ?? [],
    customRoles: credential.customRoles,
    kind: token.kind,
    space: token.space,
    allowedCidrs: token.allowedCidrs,
    rateLimit: token.rateLimit,
    capRole: credential.memberRole ?? token.capRole ?? 'reader',
    // An old secret in its rotation grace acts only until the grace ends: it cannot mint a permanent
    // token or rotate its token (which would hand it the future) beyond that moment.
    expiresAtMs: earliest(token.expiresAtMs, credential.secretExpiresAtMs),
    usesLimited: token.maxUses !== null,
  };
}
