// Tells a listener once a write that appended outbox events is over (its transaction committed or
// ended), so this instance's dispatcher sends at once instead of at its next poll.
import type { Store } from '../store.js';
import { aroundCalls, withTransaction } from './decorate.js';

const EVENT_WRITES = new Set(['insertEvents', 'insertPing', 'retryDelivery']);

export function announcingEventWrites<S extends Store>(store: S, onWritten: () => void): S {
  const noting = <T extends object>(target: T, noted: () => void): T =>
    aroundCalls(target, (name, _args, call) => {
      if (EVENT_WRITES.has(name)) noted();
      return call();
    });
  return withTransaction(
    noting(store, () => queueMicrotask(onWritten)),
    async (work) => {
      let wrote = false;
      try {
        return await store.transaction((tx) =>
          work(
            noting(tx, () => {
              wrote = true;
            }),
          ),
        );
      } finally {
        if (wrote) onWritten();
      }
    },
  );
}
