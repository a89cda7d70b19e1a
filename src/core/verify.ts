// decideVerification: the pure verdict on a presented secret, as a tagged union (never an exception).
import type { ResolvedCustomRole, Role } from './permissions.js';
import type { TokenRecord } from './token.js';

export const VERIFY_CODES = [
  'valid',
  'malformed',
  'not_found',
  'revoked',
  'disabled',
  'expired',
  'not_yet_valid',
  'forbidden',
  'rate_limited',
  'usage_exceeded',
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

/** Everything one indexed read returns about a presented secret. */
export interface Credential {
  readonly token: TokenRecord;
  /** When this particular secret stops working (an old secret in its rotation grace); null: never. */
  readonly secretExpiresAtMs: number | null;
  /** The owning member's current role; null for service tokens. */
  readonly memberRole: Role | null;
  /** The owning member's e-mail (a dialect shows it beside its own token); null for service tokens. */
  readonly memberEmail: string | null;
  readonly memberRemoved: boolean;
  readonly tenantSuspended: boolean;
  readonly tenantIsOperator: boolean;
  /** The current policies of the custom roles the token names (a role edit applies at once). */
  readonly customRoles: readonly ResolvedCustomRole[];
}

export type VerifyOutcome =
  | { readonly valid: true; readonly code: 'valid'; readonly credential: Credential }
  | { readonly valid: false; readonly code: 'malformed' | 'not_found'; readonly credential: null }
  | {
      readonly valid: false;
      readonly code: Exclude<VerifyCode, 'valid' | 'malformed' | 'not_found'>;
      readonly credential: Credential;
    };

export const MALFORMED: VerifyOutcome = { valid: false, code: 'malformed', credential: null };
export const NOT_FOUND: VerifyOutcome = { valid: false, code: 'not_found', credential: null };

/**
 * The state checks, in SPEC order: revoked, disabled, expired, not_yet_valid. Expiry is checked here
 * on every call, so a cached credential can never outlive its token. Valid while
 * notBefore <= now < expiresAt.
 */
export function decideVerification(credential: Credential, nowMs: number): VerifyOutcome {
  const { token } = credential;
  // Revocation is final whatever the clock says: a clock stepping back must not resurrect a token.
  if (token.revokedAtMs !== null) return { valid: false, code: 'revoked', credential };
  if (credential.secretExpiresAtMs !== null && nowMs >= credential.secretExpiresAtMs)
    return { valid: false, code: 'revoked', credential };
  if (!token.isActive || credential.tenantSuspended || credential.memberRemoved)
    return { valid: false, code: 'disabled', credential };
  if (token.expiresAtMs !== null && nowMs >= token.expiresAtMs)
    return { valid: false, code: 'expired', credential };
  if (token.notBeforeMs !== null && nowMs < token.notBeforeMs)
    return { valid: false, code: 'not_yet_valid', credential };
  return { valid: true, code: 'valid', credential };
}
