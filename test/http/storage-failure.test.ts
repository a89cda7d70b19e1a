// Storage trouble fails closed: a write that cannot reach the database answers 503 with Retry-After,
// never a 500, and changes nothing. (Here: another process holds SQLite's write lock past busy_timeout.)
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { call, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('storage unavailable', () => {
  it('a create blocked by a held write lock is a 503 problem; reads and verify still work', async () => {
    const before = await snapshot(server);
    const blocker = new BetterSqlite3(join(server.dataDir, 'tessera.db'));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const answer = await call(server, 'POST', '/v1/tokens', {
        token: server.ownerToken,
        body: { ttl: 60 },
      });
      console.info(`blocked create answered ${answer.status} after ${Date.now() - started} ms`);
      expectStatus(answer, 503, 'service_unavailable');
      expect(answer.headers.get('retry-after')).toBe('1');
      // WAL readers are not blocked by a writer: authentication and verification keep answering.
      expect(
        (await call(server, 'POST', '/v1/verify', { body: { token: server.ownerToken } })).body.code,
      ).toBe('valid');
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(await snapshot(server)).toEqual(before);
    expectStatus(
      await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, body: { ttl: 60 } }),
      201,
    );
  });
});
