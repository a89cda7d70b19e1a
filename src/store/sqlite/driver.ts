// SQLite's connections: the writer (durable pragmas, the write lock taken at BEGIN, statements kept
// prepared) and a read-only reader for the verify path, on one database file.
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import type { Database } from '../schema.js';
import { preparePrivateDatabaseFile } from './private-files.js';

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

export interface SqliteConnections {
  /** The one writer, through Kysely. */
  readonly kysely: Kysely<Database>;
  /** The writer's own connection (under Kysely), for its pragmas. */
  readonly writer: BetterSqlite3.Database;
  /** A read-only connection of its own, which (WAL) sees only committed data. */
  readonly reader: BetterSqlite3.Database;
}

export function openSqliteConnections(filePath: string): SqliteConnections {
  preparePrivateDatabaseFile(filePath);
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
  return { kysely, writer: connection, reader };
}
