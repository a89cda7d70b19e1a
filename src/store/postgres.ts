// The only file that knows PostgreSQL: a pooled connection, number parsing for bigint columns, and
// row locks where SQLite's single writer would otherwise be relied on.
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { KyselyOperations } from './kysely-store.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import type { PoolStats, Store, StoreOperations } from './store.js';

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
    private readonly url: string,
    private readonly pool: pg.Pool,
  ) {
    super(kysely);
  }

  poolStats(): PoolStats {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute((trx) => work(new PostgresOperations(trx)));
  }

  async migrate(): Promise<void> {
    if (this.schema !== undefined)
      await this.bootstrapPool.query(`create schema if not exists "${this.schema}"`);
    // Kysely's migrator takes a lock row, so several instances starting at once migrate once.
    // Kysely looks for its migration tables in every schema unless told which: name ours, or a copy in
    // another schema of the same database (another Tessera, a test) would be taken for this one's.
    const { error } = await new Migrator({
      db: this.kysely,
      provider: migrationProvider,
      migrationTableSchema: this.schema ?? 'public',
    }).migrateToLatest();
    if (error) throw error;
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.kysely);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
    await this.bootstrapPool.end();
  }

  /** Tests only: drop this store's schema and everything in it (works after close() too). */
  async dropSchema(): Promise<void> {
    if (this.schema === undefined) return;
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${this.schema}" cascade`);
    } finally {
      await client.end();
    }
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
  // An idle connection that breaks (the server restarts, the network drops) is reported as an 'error'
  // event; unheard, it would crash the process. The next query opens a fresh connection instead.
  // A connection in use that breaks reports it to its query, and also as an 'error' event on the client.
  for (const each of [pool, bootstrapPool]) {
    each.on('error', () => {});
    each.on('connect', (client) => client.on('error', () => {}));
  }
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new PostgresStore(kysely, options.schema, bootstrapPool, options.url, pool);
}
