// GET /v1/tokens/{id}/advice: which of a token's grants its verifications actually used over the last
// days, and the narrowest permissions that would still have allowed every one (core/advice.ts).
import { type Advice, adviseLeastPrivilege } from '../core/advice.js';
import { TesseraError } from '../core/errors.js';
import { authorityOf } from '../core/permissions.js';
import { MS_PER_DAY } from '../core/time.js';
import { bucketStartOf } from '../core/usage.js';
import type { Actor } from './actor.js';
import type { Deps } from './deps.js';
import { getToken } from './tokens/access.js';
import { MAX_ADVICE_DAYS } from './usage-retention.js';

export const DEFAULT_ADVICE_DAYS = 30;

export interface TokenAdvice extends Advice {
  readonly tokenId: string;
  readonly days: number;
}

export async function adviseToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  days: number,
): Promise<TokenAdvice> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ADVICE_DAYS)
    throw new TesseraError('invalid_query', `days is a whole number from 1 to ${MAX_ADVICE_DAYS}`);
  const token = await getToken(deps, actor, tokenId);
  // The token as it is now: its custom roles' current policies, capped by its member's current role.
  const [customRoles, member] = await Promise.all([
    deps.store.findCustomRoles(token.tenantId, token.customRoles ?? []),
    token.ownerId === null ? null : deps.store.findMember(token.tenantId, token.ownerId),
  ]);
  const authority = authorityOf({
    token,
    secretExpiresAtMs: null,
    memberRole: member?.role ?? null,
    memberEmail: member?.email ?? null,
    memberRemoved: false,
    tenantSuspended: false,
    tenantIsOperator: false,
    customRoles: customRoles.map((role) => ({ key: role.key, policy: role.policy })),
  });
  const sinceDayMs = bucketStartOf(deps.clock.nowMs(), 'day') - (days - 1) * MS_PER_DAY;
  const observed = await deps.store.grantUses(token.id, sinceDayMs);
  return { tokenId: token.id, days, ...adviseLeastPrivilege(authority, observed) };
}
