// Numbered migrations, shared by both dialects, run at start and by `tessera migrate`.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './001-initial.js';
import * as idempotency from './002-idempotency.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-idempotency': idempotency,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
