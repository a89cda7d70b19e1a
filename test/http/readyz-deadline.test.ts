// A dependency check that hangs (a stuck connection answers nothing) is "down" after its deadline:
// /readyz and /metrics still answer, quickly, and say so.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, useTestServer } from '../helpers/server.js';

let hang = false;
const server = useTestServer({
  wrapStore: (store) =>
    new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'ping' && hang
          ? () => new Promise<void>(() => {})
          : Reflect.get(target, property, receiver),
    }) as Store,
});

describe('dependency checks with a deadline', () => {
  it('a hanging database check makes /readyz answer 503 "database: down" within about a second', async () => {
    expectStatus(await call(server, 'GET', '/readyz'), 200);
    hang = true;
    try {
      const started = performance.now();
      const ready = await call(server, 'GET', '/readyz');
      const tookMs = performance.now() - started;
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toBe('down');
      const metrics = await call(server, 'GET', '/metrics');
      expect(metrics.text).toContain('tessera_dependency_up{dependency="database"} 0');
      console.info(`readyz answered in ${tookMs.toFixed(0)} ms with the database check hanging`);
      expect(tookMs).toBeLessThan(3000);
    } finally {
      hang = false;
    }
    expectStatus(await call(server, 'GET', '/readyz'), 200);
  });
});
