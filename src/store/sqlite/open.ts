// Opens the Store on an embedded SQLite file: the shared Kysely operations, the verify read on its own
// connection, transactions that share commits (group commit), and WAL checkpoints in a worker thread.
import { sql } from 'kysely';
import { kyselyOperations } from '../kysely/operations.js';
import { migrateToLatest } from '../migrations/index.js';
import type { Store } from '../store.js';
import { WalCheckpointer } from './checkpointer.js';
import { credentialReader } from './credential-reader.js';
import { sqliteDialectOperations } from './dialect-operations.js';
import { openSqliteConnections } from './driver.js';
import { GroupCommit } from './group-commit.js';

export function openSqliteStore(filePath: string): Store {
  const { kysely, writer, reader } = openSqliteConnections(filePath);
  // Commits never copy the WAL back themselves: a worker thread does (checkpointer.ts).
  const checkpointer = new WalCheckpointer(writer, filePath);
  const groupCommit = new GroupCommit(kysely, (trx) => kyselyOperations(trx, sqliteDialectOperations(trx)));
  return {
    ...kyselyOperations(kysely, sqliteDialectOperations(kysely)),
    findCredentialByDigest: credentialReader(kysely, reader),
    poolStats: () => null,
    // Units run one at a time on the single connection, so a count-then-insert (the permanent-token
    // cap) cannot interleave with another in this process; concurrent ones share a commit.
    transaction: (work) => groupCommit.run(work),
    migrate: () => migrateToLatest(kysely),
    /** Through Kysely, so a connection stuck behind a transaction shows as down, not up. */
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async close() {
      await checkpointer.stop();
      await kysely.destroy();
      reader.close();
    },
  };
}
