// Checks at start that the configured server keys are the ones this database was written with.
import { keyCheckValue } from '../core/server-key.js';
import type { Deps } from './deps.js';

/**
 * For each configured key version: record its check value if new, or compare it. A different key under
 * a known version would silently turn every stored token into "not found"; refuse to start instead.
 */
export async function ensureServerKeys(
  deps: Pick<Deps, 'store' | 'keys' | 'clock' | 'logger'>,
  options: { readonly allowKeyDrop: boolean } = { allowKeyDrop: false },
): Promise<void> {
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
  await refuseDroppedKeysInUse(deps, options.allowKeyDrop);
}

/**
 * A key version removed from TESSERA_SECRET_KEY while live tokens are still hashed with it would turn
 * every one of them into "unknown" on the next verification. Refuse to start, saying how many would
 * die, unless the operator says that is the intent (TESSERA_ALLOW_KEY_DROP=true): then say it in the log.
 */
async function refuseDroppedKeysInUse(
  deps: Pick<Deps, 'store' | 'keys' | 'clock' | 'logger'>,
  allowKeyDrop: boolean,
): Promise<void> {
  const live = await deps.store.countLiveTokensByKeyVersion(deps.clock.nowMs());
  const dropped = [...live].filter(([version, count]) => count > 0 && !deps.keys.byVersion.has(version));
  if (dropped.length === 0) return;
  const described = dropped
    .map(([version, count]) => `version ${version} still hashes ${count} live token${count === 1 ? '' : 's'}`)
    .join('; ');
  if (!allowKeyDrop) {
    throw new Error(
      `TESSERA_SECRET_KEY no longer holds a key in use: ${described}. Those tokens would stop verifying. ` +
        'Put the key back until they are rotated (tessera token rotate) or expire, or set TESSERA_ALLOW_KEY_DROP=true to drop it anyway',
    );
  }
  deps.logger.warn(
    { droppedKeyVersions: dropped.map(([version, count]) => ({ version, liveTokens: count })) },
    `TESSERA_ALLOW_KEY_DROP=true: ${described}; those tokens no longer verify`,
  );
}
