// Opens the Store on PostgreSQL: the shared Kysely operations over a pool, transactions with row locks
// for owner scopes, and (for tests) a schema of its own that can be dropped.
import { sql } from 'kysely';
import pg from 'pg';
import { kyselyOperations } from '../kysely/operations.js';
import { migrateToLatest } from '../migrations/index.js';
import type { Store } from '../store.js';
import { postgresDialectOperations } from './dialect-operations.js';
import { checkedSchemaName, openPostgresConnections, type PostgresOptions } from './driver.js';

export type { PostgresOptions } from './driver.js';

export function openPostgresStore(options: PostgresOptions): Store & { dropSchema(): Promise<void> } {
  const schema = checkedSchemaName(options.schema);
  const { kysely, pool, bootstrapPool } = openPostgresConnections(options);
  return {
    ...kyselyOperations(kysely, postgresDialectOperations(kysely)),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    transaction: (work) =>
      kysely.transaction().execute((trx) => work(kyselyOperations(trx, postgresDialectOperations(trx)))),
    async migrate() {
      if (schema !== undefined) await bootstrapPool.query(`create schema if not exists "${schema}"`);
      // Kysely looks for its migration tables in every schema unless told which: name ours, or a copy in
      // another schema of the same database (another Tessera, a test) would be taken for this one's.
      await migrateToLatest(kysely, { migrationTableSchema: schema ?? 'public' });
    },
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async close() {
      await kysely.destroy();
      await bootstrapPool.end();
    },
    /** Tests only: drop this store's schema and everything in it (works after close() too). */
    async dropSchema() {
      if (schema === undefined) return;
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
