// Every store write that changes what a verification would say names what it changed, and once the
// write is over the cache is told (locally at once, other instances through Redis). Hooking the store
// rather than each use-case means a new use-case cannot forget: it calls these same methods.
import { aroundCalls, withTransaction } from '../store/decorators/decorate.js';
import type { Store, StoreOperations } from '../store/store.js';
import type { Invalidation } from './lru.js';

export interface Invalidator {
  /** Called after the write (or its transaction) ended: committed, or of unknown outcome. */
  invalidated(changes: readonly Invalidation[]): void;
}

type ScopeOf = {
  [K in keyof StoreOperations]?: (...args: Parameters<StoreOperations[K]>) => Invalidation;
};

/** The writes a cached credential depends on; inserts are absent (a new digest was never cached). */
const SCOPE_OF: ScopeOf = {
  updateToken: (token) => ({ tokenId: token.id }),
  rotateSecret: (tokenId) => ({ tokenId }),
  setMaxUses: (_tenantId, tokenId) => ({ tokenId }),
  revokeToken: (_tenantId, tokenId) => ({ tokenId }),
  updateTenant: (tenantId) => ({ tenantId }),
  updateMember: (tenantId) => ({ tenantId }),
  saveCustomRole: (role) => ({ tenantId: role.tenantId }),
  deleteCustomRole: (tenantId) => ({ tenantId }),
  saveSpace: (space) => ({ tenantId: space.tenantId }),
  deleteSpace: (tenantId) => ({ tenantId }),
};

const scopes = SCOPE_OF as Record<string, ((...args: unknown[]) => Invalidation) | undefined>;

/** Calls on `target` that write; `onWrite` hears each write's scope once its promise settles. */
function recordingWrites<T extends object>(target: T, onWrite: (change: Invalidation) => void): T {
  return aroundCalls(target, (name, args, call) => {
    const scope = scopes[name];
    if (scope === undefined) return call();
    const change = scope(...args);
    // A failed write may still have committed (a connection lost during COMMIT): invalidate anyway.
    return (call() as Promise<unknown>).finally(() => onWrite(change));
  });
}

export function invalidating<S extends Store>(store: S, invalidator: Invalidator): S {
  return withTransaction(
    recordingWrites(store, (change) => invalidator.invalidated([change])),
    async (work) => {
      const changes: Invalidation[] = [];
      try {
        return await store.transaction((tx) => work(recordingWrites(tx, (change) => changes.push(change))));
      } finally {
        // After COMMIT (or a rollback, where it costs a refill): never before, or a fill could race it.
        if (changes.length > 0) invalidator.invalidated(changes);
      }
    },
  );
}
