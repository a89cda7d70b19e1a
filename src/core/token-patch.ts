// What a PATCH may change on a token (SPEC "Patching"), decided on the patched public document.
// The service applies the patch document (json-patch.ts), then asks this module what changed and
// whether each change is allowed and well-formed.

import { checkCidrs } from './cidr.js';
import type { Json } from './json-patch.js';
import { checkMetadata } from './metadata.js';
import { isRole, type Role, scopesProblem } from './permissions.js';
import { canonicalGlob, parsePolicy, tokenGlobsProblem } from './policy.js';
import { parseTimestamp } from './time.js';
import {
  lifetimeProblem,
  MAX_DEFAULT_API_VERSION,
  MAX_LIFETIME_MS,
  type PublicToken,
  type TokenRecord,
} from './token.js';
import {
  DESCRIPTION_MAX_LENGTH,
  KEY_REGEX,
  MAX_CUSTOM_ROLES,
  MAX_USES_LIMIT,
  NAME_MAX_LENGTH,
  RATE_LIMIT_MAX,
  RATE_WINDOW_MAX_SECONDS,
} from './token-fields.js';

/** Fields anyone allowed to write the token may change. */
const FREELY_MUTABLE = ['name', 'description', 'is_active', 'metadata', 'default_api_version'] as const;
/** Fields whose new value must stay within the caller's own authority ("A within B"). */
const MUTABLE_WITHIN_CALLER = [
  'role',
  'scopes',
  'expires_at',
  'max_uses',
  'policy',
  'custom_roles',
  'allowed_cidrs',
  'rate_limit',
] as const;

export type TokenChanges = Partial<
  Pick<
    TokenRecord,
    | 'name'
    | 'description'
    | 'isActive'
    | 'metadata'
    | 'defaultApiVersion'
    | 'role'
    | 'scopes'
    | 'expiresAtMs'
    | 'maxUses'
    | 'remainingUses'
    | 'policy'
    | 'customRoles'
    | 'allowedCidrs'
    | 'rateLimit'
  >
>;

export type PatchPlan =
  | {
      readonly ok: true;
      readonly changes: TokenChanges;
      readonly widensGrants: boolean;
      readonly changedFields: readonly string[];
    }
  | {
      readonly ok: false;
      readonly code: 'immutable_field' | 'unknown_field' | 'invalid_request' | 'conflict';
      readonly detail: string;
    };

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

type FieldCheck = { ok: true; changes: TokenChanges } | { ok: false; detail: string };
const invalid = (detail: string): FieldCheck => ({ ok: false, detail });
const accept = (changes: TokenChanges): FieldCheck => ({ ok: true, changes });

function checkField(field: string, value: Json, current: TokenRecord, nowMs: number): FieldCheck {
  switch (field) {
    case 'name':
      return typeof value === 'string' && value.length >= 1 && value.length <= NAME_MAX_LENGTH
        ? accept({ name: value })
        : invalid(`name must be a string of 1 to ${NAME_MAX_LENGTH} characters`);
    case 'description':
      return value === null || (typeof value === 'string' && value.length <= DESCRIPTION_MAX_LENGTH)
        ? accept({ description: value })
        : invalid(`description must be a string of at most ${DESCRIPTION_MAX_LENGTH} characters, or null`);
    case 'is_active':
      return typeof value === 'boolean'
        ? accept({ isActive: value })
        : invalid('is_active must be true or false');
    case 'metadata': {
      if (value === null) return accept({ metadata: null });
      if (typeof value !== 'object' || Array.isArray(value))
        return invalid('metadata must be an object or null');
      const problem = checkMetadata(value);
      return problem === null ? accept({ metadata: value }) : invalid(problem);
    }
    case 'default_api_version':
      return value === null ||
        (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_DEFAULT_API_VERSION)
        ? accept({ defaultApiVersion: value as number | null })
        : invalid(`default_api_version must be a whole number from 1 to ${MAX_DEFAULT_API_VERSION}, or null`);
    case 'role':
      return value === null || isRole(value)
        ? accept({ role: value as Role | null })
        : invalid('role must be reader, writer, admin, owner or null');
    case 'scopes': {
      if (!Array.isArray(value)) return invalid('scopes must be an array of scope strings');
      const problem = scopesProblem(value);
      return problem === null
        ? accept({ scopes: [...new Set((value as string[]).map(canonicalGlob))] })
        : invalid(problem);
    }
    case 'expires_at': {
      if (value === null) {
        const problem = lifetimeProblem(current.type, null);
        return problem === null ? accept({ expiresAtMs: null }) : invalid(problem);
      }
      const epochMs = typeof value === 'string' ? parseTimestamp(value) : null;
      if (epochMs === null) return invalid('expires_at must be an RFC 3339 timestamp or null');
      if (epochMs <= nowMs) return invalid('expires_at must be in the future');
      if (epochMs - nowMs > MAX_LIFETIME_MS) return invalid('a token may live at most 3650 days');
      if (current.notBeforeMs !== null && epochMs <= current.notBeforeMs)
        return invalid('expires_at must be later than not_before');
      return accept({ expiresAtMs: epochMs });
    }
    case 'policy': {
      if (value === null) return accept({ policy: null });
      const policy = parsePolicy(value);
      return typeof policy === 'string' ? invalid(`policy: ${policy}`) : accept({ policy });
    }
    case 'custom_roles': {
      if (value === null) return accept({ customRoles: null });
      const valid =
        Array.isArray(value) &&
        value.length <= MAX_CUSTOM_ROLES &&
        value.every((key) => typeof key === 'string' && KEY_REGEX.test(key));
      return valid
        ? accept({ customRoles: [...new Set(value as string[])] })
        : invalid('custom_roles must be an array of role keys');
    }
    case 'allowed_cidrs': {
      if (value === null) return accept({ allowedCidrs: null });
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string'))
        return invalid('allowed_cidrs must be an array of CIDR blocks');
      const problem = checkCidrs(value as string[]);
      return problem === null ? accept({ allowedCidrs: [...new Set(value as string[])] }) : invalid(problem);
    }
    case 'rate_limit': {
      if (value === null) return accept({ rateLimit: null });
      const {
        limit,
        window_seconds: windowSeconds,
        ...rest
      } = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
      const valid =
        Object.keys(rest).length === 0 &&
        Number.isInteger(limit) &&
        (limit as number) >= 1 &&
        (limit as number) <= RATE_LIMIT_MAX &&
        Number.isInteger(windowSeconds) &&
        (windowSeconds as number) >= 1 &&
        (windowSeconds as number) <= RATE_WINDOW_MAX_SECONDS;
      return valid
        ? accept({ rateLimit: { limit: limit as number, windowSeconds: windowSeconds as number } })
        : invalid(
            `rate_limit must be {limit: 1..${RATE_LIMIT_MAX}, window_seconds: 1..${RATE_WINDOW_MAX_SECONDS}}, or null`,
          );
    }
    case 'max_uses': {
      if (value === null) return accept({ maxUses: null, remainingUses: null });
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_USES_LIMIT)
        return invalid(`max_uses must be a whole number from 1 to ${MAX_USES_LIMIT}, or null`);
      // Uses already spent stay spent: the new limit counts them.
      const spent =
        current.maxUses === null || current.remainingUses === null
          ? 0
          : current.maxUses - current.remainingUses;
      return accept({ maxUses: value as number, remainingUses: Math.max(0, (value as number) - spent) });
    }
    default:
      return invalid(`${field} cannot be patched`);
  }
}

/** Decides a patch from the token before and the patched document after; nothing is written here. */
export function planTokenPatch(
  current: TokenRecord,
  before: PublicToken,
  after: Json,
  nowMs: number,
): PatchPlan {
  if (typeof after !== 'object' || after === null || Array.isArray(after))
    return { ok: false, code: 'invalid_request', detail: 'the patched token must remain an object' };
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key))
      return { ok: false, code: 'unknown_field', detail: `unknown field "${key}"` };
  }
  const changes: TokenChanges[] = [];
  const changedFields: string[] = [];
  for (const [field, oldValue] of Object.entries(before)) {
    // A field the patch removed reads as null (a merge patch deletes with null).
    const newValue = (Object.hasOwn(after, field) ? after[field] : null) as Json;
    if (sameJson(oldValue, newValue)) continue;
    if (field === 'revoked_at' && newValue === null)
      return { ok: false, code: 'conflict', detail: 'a revoked token stays revoked; create a new one' };
    const mutable =
      (FREELY_MUTABLE as readonly string[]).includes(field) ||
      (MUTABLE_WITHIN_CALLER as readonly string[]).includes(field);
    if (!mutable) return { ok: false, code: 'immutable_field', detail: `${field} cannot be changed` };
    const checked = checkField(field, newValue, current, nowMs);
    if (!checked.ok) return { ok: false, code: 'invalid_request', detail: checked.detail };
    changes.push(checked.changes);
    changedFields.push(field);
  }
  const merged = Object.assign({}, ...changes) as TokenChanges;
  const globsProblem = tokenGlobsProblem(
    merged.scopes ?? current.scopes,
    merged.policy === undefined ? current.policy : merged.policy,
  );
  if (globsProblem !== null) return { ok: false, code: 'invalid_request', detail: globsProblem };
  return {
    ok: true,
    changes: merged,
    changedFields,
    widensGrants: changedFields.some((field) => (MUTABLE_WITHIN_CALLER as readonly string[]).includes(field)),
  };
}
