// Group commit. With one writer and an fsync at every COMMIT (SQLite, synchronous=FULL), a commit per
// change caps writes at the disk's fsync rate and blocks the event loop once per change. Here, units
// of work that arrive in the same turn of the event loop, or while a commit is under way, wait, then
// run one after another in one transaction, each inside its own savepoint: a unit that fails is rolled
// back alone, and no unit is acknowledged before the COMMIT that makes the whole group durable (if that
// COMMIT fails, every unit fails).
import { type Kysely, sql } from 'kysely';
import type { StoreOperations } from '../store.js';

interface Unit {
  readonly work: (tx: StoreOperations) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most units in one group: bounds how long a read waits behind a group for the one connection. */
const MAX_UNITS = 64;

export class GroupCommit<DB> {
  private queue: Unit[] = [];
  private running = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly operations: (trx: Kysely<DB>) => StoreOperations,
  ) {}

  run<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      // The group starts once this turn of the event loop has read every request that is ready, not
      // at once. better-sqlite3 runs a whole transaction without yielding to I/O, so a group begun at
      // once holds the unit of the one request that asked and nothing else: every create paid its own
      // BEGIN and COMMIT (fsync), and 50 concurrent creates made 50 commits a round.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_UNITS));
    } finally {
      this.running = false;
    }
  }

  private async commit(group: readonly Unit[]): Promise<void> {
    const outcomes: (() => void)[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const tx = this.operations(trx);
        if (group.length === 1) {
          // Alone, a unit needs no savepoint: its failure rolls the transaction back.
          const unit = group[0]!;
          const value = await unit.work(tx);
          outcomes.push(() => unit.resolve(value));
          return;
        }
        for (const unit of group) {
          await sql`savepoint unit`.execute(trx);
          try {
            const value = await unit.work(tx);
            await sql`release unit`.execute(trx);
            outcomes.push(() => unit.resolve(value));
          } catch (error) {
            await sql`rollback to unit`.execute(trx);
            await sql`release unit`.execute(trx);
            outcomes.push(() => unit.reject(error));
          }
        }
      });
    } catch (error) {
      // Nothing of this group is durable: none of it is acknowledged, whatever its own work did.
      for (const unit of group) unit.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }
}
