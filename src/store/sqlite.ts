// The only file that knows SQLite: opens the embedded database file with durable settings.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type Selectable,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Credential } from '../core/verify.js';
import { GroupCommit } from './group-commit.js';
import { type CredentialRow, credentialQuery, customRoleFromRow, KyselyOperations } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import type { CustomRolesTable, Database } from './schema.js';
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

/** Most distinct statements kept prepared (IN lists of varying length make new texts). */
const MAX_PREPARED = 500;

/**
 * better-sqlite3 compiles SQL on every prepare(), and Kysely prepares on every query; the same few
 * texts come back all the time, so they are compiled once and kept.
 */
function withPreparedStatements(connection: BetterSqlite3.Database): SqliteDialectConfig['database'] {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare: (text: string) => {
      let statement = prepared.get(text);
      if (statement === undefined) {
        statement = connection.prepare(text);
        if (prepared.size < MAX_PREPARED) prepared.set(text, statement);
      }
      return statement;
    },
  };
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
  private readonly groupCommit: GroupCommit<Database>;
  /** Prepared at first use: the tables exist only once migrate() has run. */
  private credentialRead: BetterSqlite3.Statement<[string], CredentialRow> | undefined;
  private customRoleRead: BetterSqlite3.Statement<[string, string], Selectable<CustomRolesTable>> | undefined;

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly reader: BetterSqlite3.Database,
  ) {
    super(kysely);
    this.groupCommit = new GroupCommit(kysely, (trx) => new KyselyOperations(trx));
  }

  /**
   * The verify path's read, on a connection of its own: it never queues behind a group commit on the
   * writer's connection, and (WAL) it sees only committed data, never a transaction in progress.
   */
  override async findCredentialByDigest(digest: string): Promise<Credential | null> {
    this.credentialRead ??= this.reader.prepare(credentialQuery(this.kysely, '').compile().sql);
    this.customRoleRead ??= this.reader.prepare(
      this.kysely
        .selectFrom('custom_roles')
        .selectAll()
        .where('tenant_id', '=', '')
        .where('key', '=', '')
        .compile().sql,
    );
    const row = this.credentialRead.get(digest);
    if (row === undefined) return null;
    const roleRead = this.customRoleRead;
    // The roles a token names are read on the same connection, so nothing here waits for the writer.
    return this.credentialFromRow(row, async (tenantId, keys) =>
      keys.flatMap((key) => {
        const role = roleRead.get(tenantId, key);
        return role === undefined ? [] : [customRoleFromRow(role)];
      }),
    );
  }

  poolStats(): null {
    return null;
  }

  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    // Units run one at a time on the single connection, so a count-then-insert (the permanent-token
    // cap) cannot interleave with another in this process; concurrent ones share a commit.
    return this.groupCommit.run(work);
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.kysely, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  /** Through Kysely, so a connection stuck behind a transaction shows as down, not up. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
    this.reader.close();
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
  const kysely = new Kysely<Database>({
    dialect: new DurableSqliteDialect({ database: withPreparedStatements(connection) }),
  });
  const reader = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new SqliteStore(kysely, reader);
}
