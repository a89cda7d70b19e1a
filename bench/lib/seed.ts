// Seeds tokens straight through the Store port (insertNewToken, the one write path of every new token,
// in transactions of many), because 1M tokens over HTTP at one fsync per create would take the whole
// time budget. The tokens are the owner's, expiring, with unique names and one digest each.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { ServerKeyRing } from '../../src/core/server-key.js';
import { insertNewToken, type TokenSpec } from '../../src/services/tokens/issue.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store } from '../../src/store/store.js';

export interface SeedPlan {
  readonly tenantId: string;
  readonly ownerId: string;
  readonly count: number;
  /** How many of the new tokens' secrets to hand back (the rest are never presented). */
  readonly keep: number;
  /** Numbers names and creation times after what was seeded before. */
  readonly firstIndex: number;
  readonly nowMs: number;
}

export interface SeededToken {
  readonly secret: string;
  readonly id: string;
  readonly expiresAtMs: number;
}

const BATCH = 5_000;

export async function seedTokens(store: Store, keys: ServerKeyRing, plan: SeedPlan): Promise<SeededToken[]> {
  const kept: SeededToken[] = [];
  const minting = { keys, random: { bytes: (length: number) => randomBytes(length) } };
  const expiresAtMs = plan.nowMs + 30 * 24 * 3600 * 1000;
  const spec: TokenSpec = {
    tenantId: plan.tenantId,
    ownerId: plan.ownerId,
    createdByMemberId: plan.ownerId,
    name: 'bench',
    description: null,
    type: 'api',
    role: null,
    scopes: ['orders:read'],
    metadata: null,
    expiresAtMs,
    notBeforeMs: null,
    countsTowardCap: false,
    service: false,
    capRole: null,
  };
  for (let start = 0; start < plan.count; start += BATCH) {
    const end = Math.min(plan.count, start + BATCH);
    await store.transaction(async (tx) => {
      for (let offset = start; offset < end; offset++) {
        const index = plan.firstIndex + offset;
        // Creation times one millisecond apart, ending now: a keyset listing walks them newest first.
        const { token, secret } = await insertNewToken(minting, tx, spec, {
          id: `tok_bench${index.toString(36).padStart(10, '0')}`,
          name: `bench-${index}`,
          nowMs: plan.nowMs - 10_000_000 + index,
        });
        if (offset < plan.keep) kept.push({ secret, id: token.id, expiresAtMs });
      }
    });
  }
  return kept;
}

/** Seeds into the SQLite database in `dataDir` (Tessera may be running on it) and hands back the kept. */
export async function seedSqlite(
  dataDir: string,
  keys: ServerKeyRing,
  plan: SeedPlan,
): Promise<SeededToken[]> {
  const file = join(dataDir, 'tessera.db');
  const store = openSqliteStore(file);
  try {
    return await seedTokens(store, keys, plan);
  } finally {
    await store.close();
    // Fold the seed's write-ahead log into the database, so the server does not pay for it mid-run.
    const connection = new BetterSqlite3(file);
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.close();
  }
}
