// Numbered migrations, shared by both dialects, run at start and by `tessera migrate`.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database } from '../schema.js';
import * as initial from './001-initial.js';
import * as idempotency from './002-idempotency.js';
import * as rolesAndSpaces from './003-roles-and-spaces.js';
import * as tokenSerials from './004-token-serials.js';
import * as eventsWebhooks from './005-events-webhooks.js';
import * as usageAndCanaries from './006-usage-and-canaries.js';
import * as leaksAndImports from './007-leaks-and-imports.js';
import * as tenantPolicyAndDeletion from './008-tenant-policy-and-deletion.js';
import * as lastUses from './009-last-uses.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-idempotency': idempotency,
  '003-roles-and-spaces': rolesAndSpaces,
  '004-token-serials': tokenSerials,
  '005-events-webhooks': eventsWebhooks,
  '006-usage-and-canaries': usageAndCanaries,
  '007-leaks-and-imports': leaksAndImports,
  '008-tenant-policy-and-deletion': tenantPolicyAndDeletion,
  '009-last-uses': lastUses,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/** Runs every migration not yet applied; throws the first that fails. */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: { readonly migrationTableSchema?: string } = {},
): Promise<void> {
  // Kysely's migrator takes a lock row, so several instances starting at once migrate once.
  const { error } = await new Migrator({ db, provider: migrationProvider, ...options }).migrateToLatest();
  if (error) throw error;
}
