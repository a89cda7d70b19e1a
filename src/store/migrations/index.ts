// Numbered migrations, shared by both dialects, run at start and by `tessera migrate`.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './001-initial.js';
import * as idempotency from './002-idempotency.js';
import * as rolesAndSpaces from './003-roles-and-spaces.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-idempotency': idempotency,
  '003-roles-and-spaces': rolesAndSpaces,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
