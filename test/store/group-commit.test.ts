// Group commit on SQLite: concurrent transactions share commits, yet each succeeds or fails alone, sees
// the writes of the units before it, and is acknowledged only once its group is durable.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { announceExpiries, type SchedulerDeps } from '../../src/services/events/expiry-scheduler.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { insertTenantWithOwner, insertToken } from './conformance/fixtures.js';

/** COMMITs run on any connection of this process, counted as better-sqlite3 runs them. */
const commits = { count: 0 };
const prepare = BetterSqlite3.prototype.prepare;
BetterSqlite3.prototype.prepare = function countingCommits(this: BetterSqlite3.Database, text: string) {
  const statement = prepare.call(this, text);
  if (text.trim().toLowerCase() !== 'commit') return statement;
  const run = statement.run.bind(statement) as (...parameters: unknown[]) => BetterSqlite3.RunResult;
  statement.run = ((...parameters: unknown[]) => {
    commits.count++;
    return run(...parameters);
  }) as typeof statement.run;
  return statement;
} as typeof prepare;

const dir = mkdtempSync(join(tmpdir(), 'tessera-group-'));
const store = openSqliteStore(join(dir, 'tessera.db'));
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const tenant = (id: string) => ({
  id,
  name: id,
  isOperator: false,
  suspendedAtMs: null,
  tokenPolicy: null,
  deletedAtMs: null,
  createdAtMs: 1,
  updatedAtMs: 1,
});

describe('group commit', () => {
  it('60 concurrent units: the failing ones leave nothing, the others all land', async () => {
    await store.migrate();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, index) =>
        store.transaction(async (tx) => {
          await tx.insertTenant(tenant(`ten_g${index}`));
          // Every third unit fails after it wrote: its write must be rolled back, and only its own.
          if (index % 3 === 0) throw new Error(`unit ${index} refuses`);
          return index;
        }),
      ),
    );
    const refused = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [index] : []));
    expect(refused).toEqual(Array.from({ length: 20 }, (_, k) => k * 3));
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected')
        expect((outcome.reason as Error).message).toBe(`unit ${index} refuses`);
      else expect(outcome.value).toBe(index);
      expect((await store.findTenant(`ten_g${index}`)) !== null).toBe(index % 3 !== 0);
    }
  });

  it('a unit sees what the units before it in its group wrote (a count-then-insert stays exact)', async () => {
    const inserted = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        store.transaction(async (tx) => {
          // At most 10 tenants named cap-*: each unit counts, then inserts only under the cap.
          const page = await tx.listTenants(1000, 0);
          const taken = page.items.filter((item) => item.name.startsWith('cap-')).length;
          if (taken >= 10) return false;
          await tx.insertTenant({ ...tenant(`ten_cap${index}`), name: `cap-${index}` });
          return true;
        }),
      ),
    );
    expect(inserted.filter(Boolean)).toHaveLength(10);
  });

  it('a failing unit alone rolls back, and the next unit commits', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.insertTenant(tenant('ten_alone'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await store.findTenant('ten_alone')).toBeNull();
    await store.transaction((tx) => tx.insertTenant(tenant('ten_after')));
    expect(await store.findTenant('ten_after')).not.toBeNull();
  });

  it('units asked in one turn of the event loop share one COMMIT, the first of them included', async () => {
    await store.migrate();
    const before = commits.count;
    // As 20 requests read in one turn would ask: all before any of them yields to I/O.
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.transaction((tx) => tx.insertTenant(tenant(`ten_turn${index}`))),
      ),
    );
    expect(commits.count - before).toBe(1);
    // One alone still commits, on the next turn.
    await store.transaction((tx) => tx.insertTenant(tenant('ten_turn_alone')));
    expect(commits.count - before).toBe(2);
    expect(await store.findTenant('ten_turn_alone')).not.toBeNull();
  });

  it('the expiry scheduler announces its notices a few to a COMMIT, and each once', async () => {
    await store.migrate();
    const { tenant, owner } = await insertTenantWithOwner(store);
    const nowMs = Date.now();
    for (let index = 0; index < 8; index++)
      await insertToken(store, tenant.id, owner.id, { expiresAtMs: nowMs - 1_000 });
    const quiet = () => undefined;
    const deps = {
      store,
      clock: { nowMs: () => nowMs },
      random: { bytes: (length: number) => randomBytes(length) },
      logger: { info: quiet, warn: quiet, error: quiet, debug: quiet },
      settings: { events: { expiryNoticeLeadSeconds: [], expiryScanIntervalMs: 60_000 } },
    } as unknown as SchedulerDeps;
    const before = commits.count;
    expect(await announceExpiries(deps)).toBe(8);
    // Four side by side share a group: two COMMITs for eight notices (one each, announced in turn).
    expect(commits.count - before).toBe(2);
    expect(await announceExpiries(deps)).toBe(0);
  });
});
