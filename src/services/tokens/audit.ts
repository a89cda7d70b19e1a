// The audit event of a change to one token, named after it, in the change's own transaction.
import type { TokenRecord } from '../../core/token.js';
import type { StoreOperations } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { recordChange } from '../audit.js';
import type { Deps } from '../deps.js';

export function auditTokenChange(
  deps: Deps,
  tx: StoreOperations,
  actor: Actor,
  nowMs: number,
  action: string,
  token: TokenRecord,
  details?: Record<string, unknown>,
) {
  return recordChange(deps, tx, actor, nowMs, {
    action,
    targetType: 'token',
    targetId: token.id,
    details: { name: token.name, ...details },
  });
}
