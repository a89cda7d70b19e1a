// The background work of lifecycle events in one instance: the dispatcher and the expiry scheduler,
// started after the server listens and stopped before storage closes.
import type { Deps } from '../deps.js';
import type { Resolver } from '../webhooks/address-guard.js';
import { Dispatcher } from './dispatcher.js';
import { ExpiryScheduler } from './expiry-scheduler.js';

export interface EventWorkers {
  /** Wake the dispatcher: an event was just committed here. */
  wake(): void;
  stop(): Promise<void>;
}

export function startEventWorkers(deps: Deps, resolve?: Resolver): EventWorkers {
  const dispatcher = new Dispatcher(deps, resolve);
  const scheduler = new ExpiryScheduler(deps);
  const unlisten = deps.eventsWritten.listen(() => dispatcher.wake());
  dispatcher.start();
  scheduler.start();
  return {
    wake: () => dispatcher.wake(),
    async stop() {
      unlisten();
      await scheduler.stop();
      await dispatcher.stop();
    },
  };
}
