// The Store operations written once in Kysely, composed from one piece per aggregate: both databases
// run exactly these queries. The dialect supplies only what its database does differently.
import type { Expression, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { auditOperations } from './audit.js';
import { credentialOperations } from './credentials.js';
import { deliveryOperations } from './deliveries.js';
import { eventOperations } from './events.js';
import { idempotencyOperations } from './idempotency.js';
import { keyedObjectOperations } from './keyed-objects.js';
import { lastUsedOperations } from './last-used.js';
import { memberOperations } from './members.js';
import { systemOperations } from './system.js';
import { tenantOperations } from './tenants.js';
import { tokenOperations } from './tokens.js';
import { usageOperations } from './usage.js';
import { webhookOperations } from './webhooks.js';

/** What each dialect writes for itself (src/store/sqlite, src/store/postgres). */
export interface DialectOperations extends Pick<StoreOperations, 'lockOwnerScope'> {
  /** The rows a claim selects, locked so that another instance's claim skips them (SQLite: one writer). */
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** The next number of the installation's one token sequence: unique under any concurrency. */
  nextTokenSerial(): Promise<number>;
  /** Conditions on JSON held in a text column, which each database spells its own way. */
  readonly json: JsonConditions;
}

/** Exact, type-strict matches inside JSON text: a number 5 never equals the string "5". */
export interface JsonConditions {
  /** The array in `column` holds the string `value`. */
  arrayHoldsString(column: string, value: string): Expression<SqlBool>;
  /** The object in `column` maps `key` to the string `value`. */
  objectMapsToString(column: string, key: string, value: string): Expression<SqlBool>;
}

/** Every operation over `db` (the database, or one transaction of it). */
export function kyselyOperations(db: Kysely<Database>, dialect: DialectOperations): StoreOperations {
  const keyedObjects = keyedObjectOperations(db);
  return {
    ...credentialOperations(db, keyedObjects.findCustomRoles),
    ...tokenOperations(db, dialect),
    ...lastUsedOperations(db),
    ...usageOperations(db),
    ...idempotencyOperations(db),
    ...tenantOperations(db),
    ...memberOperations(db),
    ...keyedObjects,
    ...auditOperations(db),
    ...eventOperations(db),
    ...webhookOperations(db),
    ...deliveryOperations(db, dialect.skipLocked),
    ...systemOperations(db),
    lockOwnerScope: dialect.lockOwnerScope,
  };
}
