// PostgreSQL's connections: the pool the Store runs on (statement timeout, the schema as search_path,
// bigint read as number) and a one-connection pool for creating the schema itself.
import { type DatabaseIntrospector, Kysely, PostgresDialect, type PostgresDialectConfig } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import { OneSchemaIntrospector } from './introspector.js';

// bigint (int8) columns hold ms timestamps and counts, all far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

export interface PostgresOptions {
  readonly url: string;
  /** A schema to create (if missing) and work in; tests give each server its own. */
  readonly schema?: string;
  readonly poolSize?: number;
  readonly statementTimeoutMs?: number;
}

export interface PostgresConnections {
  readonly kysely: Kysely<Database>;
  /** The pool behind `kysely`, for its stats. */
  readonly pool: pg.Pool;
  /** Outside the schema (no search_path): creates it before the first migration. */
  readonly bootstrapPool: pg.Pool;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked: it is written into SQL and connection options unquoted by the driver. */
export function checkedSchemaName(schema: string | undefined): string | undefined {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`bad schema name ${schema}`);
  return schema;
}

/** The stock dialect, but the catalogue it reads is this store's schema only. */
class OneSchemaPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly schema: string,
  ) {
    super(config);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as Kysely declares it.
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OneSchemaIntrospector(db, this.schema);
  }
}

export function openPostgresConnections(options: PostgresOptions): PostgresConnections {
  const schema = checkedSchemaName(options.schema);
  const searchPath = schema === undefined ? '' : ` -c search_path="${schema}"`;
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
  const kysely = new Kysely<Database>({
    dialect: new OneSchemaPostgresDialect({ pool }, schema ?? 'public'),
  });
  return { kysely, pool, bootstrapPool };
}
