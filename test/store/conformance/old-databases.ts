// A database migrated only up to some earlier migration, holding rows as that schema had them, and
// the Store opened over it afterwards: how a migration is tested against the data it must carry over.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { openPostgresConnections } from '../../../src/store/postgres/driver.js';
import { openPostgresStore } from '../../../src/store/postgres/open.js';
import type { Database } from '../../../src/store/schema.js';
import { openSqliteConnections } from '../../../src/store/sqlite/driver.js';
import { openSqliteStore } from '../../../src/store/sqlite/open.js';
import type { Store } from '../../../src/store/store.js';

export interface OldDatabase {
  /** Typed with today's schema: rows of an older one are written `as never`. */
  readonly db: Kysely<Database>;
  /** Runs the migrations up to and including `name`, and no further. */
  migrateTo(name: string): Promise<void>;
  /** The Store over this database (its migrate() brings it to the latest schema). */
  openStore(): Store;
  discard(): Promise<void>;
}

const POSTGRES_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function withMigrations(
  db: Kysely<Database>,
  migrationTableSchema: string | undefined,
): OldDatabase['migrateTo'] {
  return async (name) => {
    const migrator = new Migrator({
      db,
      provider: migrationProvider,
      ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
    });
    const { error } = await migrator.migrateTo(name);
    if (error) throw error;
  };
}

const OPENERS: Record<'sqlite' | 'postgres', () => Promise<OldDatabase>> = {
  async sqlite() {
    const directory = mkdtempSync(join(tmpdir(), 'tessera-old-schema-'));
    const file = join(directory, 'tessera.db');
    const { kysely, reader } = openSqliteConnections(file);
    reader.close();
    const opened: Store[] = [];
    return {
      db: kysely,
      migrateTo: withMigrations(kysely, undefined),
      openStore: () => {
        const store = openSqliteStore(file);
        opened.push(store);
        return store;
      },
      discard: async () => {
        await kysely.destroy();
        for (const store of opened) await store.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
  async postgres() {
    // PostgreSQL: a schema of its own, where the Store also keeps its migration bookkeeping.
    const schema = `t_${randomBytes(8).toString('hex')}`;
    const { kysely, bootstrapPool } = openPostgresConnections({ url: POSTGRES_URL, schema });
    await bootstrapPool.query(`create schema "${schema}"`);
    await bootstrapPool.end();
    const opened: Store[] = [];
    return {
      db: kysely,
      migrateTo: withMigrations(kysely, schema),
      openStore: () => {
        const store = openPostgresStore({ url: POSTGRES_URL, schema });
        opened.push(store);
        return store;
      },
      discard: async () => {
        await kysely.destroy();
        for (const store of opened) await store.close();
        const dropper = openPostgresStore({ url: POSTGRES_URL, schema });
        await dropper.close();
        await dropper.dropSchema();
      },
    };
  },
};

/**
 * A tenant and its owner member `mem_old`, as every schema so far holds them (the columns of the
 * first migration): what an old database's tokens belong to.
 */
export async function insertOldTenantWithOwner(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db
    .insertInto('tenants')
    .values({ id: tenantId, name: 'Old', is_operator: 0, suspended_at: null, created_at: 1, updated_at: 1 })
    .execute();
  await db
    .insertInto('members')
    .values({
      id: 'mem_old',
      tenant_id: tenantId,
      email: 'old@example.com',
      name: null,
      role: 'owner',
      created_at: 1,
      updated_at: 1,
      removed_at: null,
    })
    .execute();
}

export const openOldDatabase = (backend: 'sqlite' | 'postgres'): Promise<OldDatabase> => OPENERS[backend]();
