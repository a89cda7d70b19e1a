// Only storage failures read as "storage unavailable" (503); a bug, even one inside storage code, is a
// 500 problem with a request id, logged as a bug, with no stack trace in the answer.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

let failWith: (() => Error) | null = null;
const server = useTestServer({
  wrapStore: (store) =>
    new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'findToken' && failWith !== null
          ? () => Promise.reject(failWith!())
          : Reflect.get(target, property, receiver),
    }) as Store,
});

async function readWhileFailing(make: () => Error) {
  const token = await createToken(server, server.ownerToken, { ttl: 600 });
  failWith = make;
  try {
    return await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
  } finally {
    failWith = null;
  }
}

describe('error classes', () => {
  it('a programming error inside storage code is a 500 with a request id, logged as a bug', async () => {
    const answer = await readWhileFailing(
      () => new TypeError("Cannot read properties of undefined (reading 'x')"),
    );
    expectStatus(answer, 500, 'internal_error');
    expect(answer.text).not.toContain('Cannot read properties');
    expect(answer.text).not.toContain('at ');
    const logged = server.logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.reqId === answer.body.request_id && line.msg === 'unhandled error');
    expect(logged.length).toBe(1);
    expect(logged[0].level).toBe(50);
  });

  it('a failure of storage itself (a dropped connection, a driver error) is a 503 with Retry-After', async () => {
    for (const make of [
      () => new Error('Connection terminated unexpectedly'),
      () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      // better-sqlite3 speaks of a closed connection through a TypeError: still storage, not a bug.
      () => new TypeError('The database connection is not open'),
    ]) {
      const answer = await readWhileFailing(make);
      expectStatus(answer, 503, 'service_unavailable');
      expect(answer.headers.get('retry-after')).toBe('1');
    }
  });
});
