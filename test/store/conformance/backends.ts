// The backends every conformance test runs on: a real SQLite file in a fresh directory, and real
// PostgreSQL in a schema of its own. No mocks. Under CI an unreachable PostgreSQL fails, never skips.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresStore } from '../../../src/store/postgres/open.js';
import { openSqliteStore } from '../../../src/store/sqlite/open.js';
import type { Store } from '../../../src/store/store.js';

const POSTGRES_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Why it cannot run here; only ever set outside CI. */
  readonly unavailable?: string | undefined;
  /** A fresh, migrated store, and what removes every trace of it. */
  open(): Promise<{ readonly store: Store; readonly discard: () => Promise<void> }>;
}

async function postgresUnreachable(): Promise<string | undefined> {
  // In CI nothing is probed: a PostgreSQL that is not there must fail the suite, not shrink it.
  if (process.env.CI === 'true') return undefined;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const reason = `PostgreSQL unreachable at ${POSTGRES_URL} (${(error as Error).message}); skipped (CI fails)`;
    console.warn(reason);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

const BACKENDS: readonly Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const directory = mkdtempSync(join(tmpdir(), 'tessera-conformance-'));
      const store = openSqliteStore(join(directory, 'tessera.db'));
      await store.migrate();
      return {
        store,
        discard: async () => {
          await store.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    unavailable: await postgresUnreachable(),
    async open() {
      const store = openPostgresStore({ url: POSTGRES_URL, schema: `t_${randomBytes(8).toString('hex')}` });
      await store.migrate();
      return {
        store,
        discard: async () => {
          await store.close();
          await store.dropSchema();
        },
      };
    },
  },
];

/** Declares `body`'s tests once per backend, each backend with a fresh store for the file. */
export function describeEachBackend(body: (store: () => Store, backend: Backend['name']) => void): void {
  describe.each(BACKENDS)('on $name', (backend) => {
    describe.skipIf(backend.unavailable !== undefined)(backend.unavailable ?? 'a fresh store', () => {
      let opened: Awaited<ReturnType<Backend['open']>> | undefined;
      beforeAll(async () => {
        opened = await backend.open();
      });
      afterAll(async () => {
        await opened?.discard();
      });
      body(() => {
        if (opened === undefined) throw new Error(`the ${backend.name} store did not open`);
        return opened.store;
      }, backend.name);
    });
  });
}
