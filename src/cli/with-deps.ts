// The lifecycle of a local CLI command: open what it needs, run it, and always close everything it
// opened (store, Redis clients, timers), so the process exits on its own when the work is done.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openStore, prepareDeps } from '../main.js';
import type { Deps } from '../services/deps.js';
import type { Store } from '../store/store.js';

/** Runs `work` with the server's whole dependency set (store, key ring, Redis when configured). */
export async function withLocalDeps<T>(
  config: Config,
  logger: Logger | undefined,
  work: (deps: Deps) => Promise<T>,
): Promise<T> {
  const { deps } = await prepareDeps(config, logger === undefined ? {} : { logger });
  try {
    return await work(deps);
  } finally {
    await deps.usage.flush();
    await deps.close();
    await deps.store.close();
  }
}

/** Runs `work` with the store alone: nothing else is opened (no Redis, no server key). */
export async function withStoreOnly<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
