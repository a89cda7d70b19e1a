// The only file that knows SQLite: opens the embedded database file with durable settings.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { Migrator } from 'kysely/migration';
import { KyselyOperations } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import type { Store, StoreOperations } from './store.js';

const BUSY_TIMEOUT_MS = 5000;

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). A deferred BEGIN reads first and
 * upgrades later, and an upgrade that meets another process's write fails at once with SQLITE_BUSY,
 * which busy_timeout cannot wait out; taking the lock first makes the second writer wait instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class DurableSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class SqliteStore extends KyselyOperations implements Store {
  readonly dialect = 'sqlite' as const;

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly connection: BetterSqlite3.Database,
  ) {
    super(kysely);
  }

  poolStats(): null {
    return null;
  }

  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    // Kysely serialises SQLite transactions on its single connection, so a count-then-insert inside
    // one (the permanent-token cap) cannot interleave with another in this process.
    return this.kysely.transaction().execute((trx) => work(new KyselyOperations(trx)));
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.kysely, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  async ping(): Promise<void> {
    this.connection.prepare('select 1').get();
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}

export function openSqliteStore(filePath: string): Store {
  mkdirSync(dirname(filePath), { recursive: true });
  const connection = new BetterSqlite3(filePath);
  // WAL for concurrent readers; synchronous=FULL so an acknowledged change survives a power cut.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  connection.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({ dialect: new DurableSqliteDialect({ database: connection }) });
  return new SqliteStore(kysely, connection);
}
