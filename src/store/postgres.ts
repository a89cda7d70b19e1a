// The only file that knows PostgreSQL: a pooled connection, number parsing for bigint columns, and
// row locks where SQLite's single writer would otherwise be relied on.
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { KyselyOperations } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import type { Store, StoreOperations } from './store.js';

// bigint (int8) columns hold ms timestamps and counts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

export interface PostgresOptions {
  readonly url: string;
  /** A schema to create (if missing) and work in; tests give each server its own. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly statementTimeoutMs?: number;
}

class PostgresOperations extends KyselyOperations {
  constructor(private readonly trx: Transaction<Database>) {
    super(trx);
  }

  override async lockOwnerScope(tenantId: string, ownerId: string | null): Promise<void> {
    // Locking the owning row (member, or tenant for its service scope) queues every other transaction
    // of the same scope behind this one until it commits or rolls back.
    if (ownerId === null) {
      await this.trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
    } else {
      await this.trx
        .selectFrom('members')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', ownerId)
        .forUpdate()
        .execute();
    }
  }
}

class PostgresStore extends KyselyOperations implements Store {
  readonly dialect = 'postgres' as const;

  constructor(
    private readonly kysely: Kysely<Database>,
    private readonly schema: string | undefined,
    private readonly bootstrapPool: pg.Pool,
  ) {
    super(kysely);
  }

  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute((trx) => work(new PostgresOperations(trx)));
  }

  async migrate(): Promise<void> {
    if (this.schema !== undefined)
      await this.bootstrapPool.query(`create schema if not exists "${this.schema}"`);
    // Kysely's migrator takes a lock row, so several instances starting at once migrate once.
    const { error } = await new Migrator({ db: this.kysely, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
    await this.bootstrapPool.end();
  }

  /** Tests only: drop this store's schema and everything in it. */
  async dropSchema(): Promise<void> {
    if (this.schema !== undefined)
      await this.bootstrapPool.query(`drop schema if exists "${this.schema}" cascade`);
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function openPostgresStore(options: PostgresOptions): Store & { dropSchema(): Promise<void> } {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema))
    throw new Error(`bad schema name ${options.schema}`);
  const searchPath = options.schema === undefined ? '' : ` -c search_path="${options.schema}"`;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    options: `-c statement_timeout=${options.statementTimeoutMs ?? 5000}${searchPath}`,
    connectionTimeoutMillis: 5000,
  });
  const bootstrapPool = new pg.Pool({ connectionString: options.url, max: 1, connectionTimeoutMillis: 5000 });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new PostgresStore(kysely, options.schema, bootstrapPool);
}
