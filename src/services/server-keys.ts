// Checks at start that the configured server keys are the ones this database was written with.
import { keyCheckValue } from '../core/server-key.js';
import type { Deps } from './deps.js';

/**
 * For each configured key version: record its check value if new, or compare it. A different key under
 * a known version would silently turn every stored token into "not found"; refuse to start instead.
 */
export async function ensureServerKeys(deps: Pick<Deps, 'store' | 'keys' | 'clock'>): Promise<void> {
  for (const key of deps.keys.byVersion.values()) {
    const expected = keyCheckValue(key);
    await deps.store.insertServerKeyCheck(key.version, expected, deps.clock.nowMs());
    const stored = await deps.store.findServerKeyCheck(key.version);
    if (stored !== expected) {
      throw new Error(
        `TESSERA_SECRET_KEY version ${key.version} is not the key this database was created with; ` +
          'start with the original key (tokens hashed with it would otherwise never verify)',
      );
    }
  }
}
