// SQLite's owner-scope lock: nothing to take, the database has one writer.
import type { DialectOperations } from '../kysely/operations.js';

export const sqliteOwnerScopeLock: DialectOperations = {
  async lockOwnerScope() {
    // SQLite: every write transaction holds the database's one write lock from BEGIN IMMEDIATE on.
  },
};
