// What Kysely's migrator asks of the catalogue (does a schema, a table exist?), asked of one schema.
// The stock PostgreSQL introspector reads every schema of the database and looks each schema and table
// up by name (has_schema_privilege, pg_get_serial_sequence): one that another client drops during that
// read (tests drop theirs all the time) fails the migration with 3F000 or 42P01, though ours is fine.
import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

export class OneSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: the catalogue is not in the Database type.
    private readonly db: Kysely<any>,
    private readonly schema: string,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<SchemaMetadata>`
      select nspname as name from pg_catalog.pg_namespace where nspname = ${this.schema}`.execute(this.db);
    return rows;
  }

  /** The schema's tables, by name only: the migrator needs no columns. */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${this.schema} and c.relkind in ('r', 'p')`.execute(this.db);
    return rows.map(({ name }) => ({
      name,
      schema: this.schema,
      isView: false,
      isForeign: false,
      columns: [],
    }));
  }

  /** Kysely 0.28's interface still requires this deprecated form of getTables (0.29 dropped it). */
  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
