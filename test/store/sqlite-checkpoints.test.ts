// SQLite's WAL checkpoints run in a worker thread (src/store/sqlite/checkpointer.ts): the writer's
// commits never copy the WAL back themselves, the WAL still stays small under a stream of writes, and a
// worker that is gone hands checkpoints back to the writer so the WAL can never grow without bound.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY_MS, WalCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { openSqliteConnections } from '../../src/store/sqlite/driver.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

/** A writer on a fresh file, as the store opens it, with a table of wide rows to write. */
function freshWriter() {
  const file = join(mkdtempSync(join(tmpdir(), 'tessera-wal-')), 'tessera.db');
  const connections = openSqliteConnections(file);
  opened.push({ close: () => connections.kysely.destroy().then(() => connections.reader.close()) });
  connections.writer.exec('create table rows (id integer primary key, body blob not null)');
  const insert = connections.writer.prepare('insert into rows (body) values (?)');
  /** About one MiB in one commit: 256 rows of 4 KiB, one page or more each. */
  const writeMiB = connections.writer.transaction(() => {
    for (let row = 0; row < 256; row++) insert.run(Buffer.alloc(4096, row));
  });
  return { file, writer: connections.writer, writeMiB, walBytes: () => statSync(`${file}-wal`).size };
}

const MiB = 1024 * 1024;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const startedAt = Date.now();
  while (!condition()) {
    if (Date.now() - startedAt > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WAL checkpoints in a worker thread', () => {
  it('the writer never checkpoints, the worker does, and the WAL stays small under 24 MiB of writes', async () => {
    const { file, writer, writeMiB, walBytes } = freshWriter();
    const checkpointer = new WalCheckpointer(writer, file);
    opened.push({ close: () => checkpointer.stop() });
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    let largest = 0;
    for (let round = 0; round < 24; round++) {
      writeMiB();
      largest = Math.max(largest, walBytes());
      // Writes arrive over time, as a server's do; the worker catches up between them.
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_EVERY_MS + 50));
    }
    await until(() => checkpointer.recent.some((report) => report.checkpointed === report.log));
    console.info(
      `largest WAL over 24 MiB written: ${(largest / MiB).toFixed(1)} MiB; last checkpoints: ${JSON.stringify(checkpointer.recent.slice(-3))}`,
    );
    // Without a checkpoint the WAL would hold all 24 MiB; reused after each one, it holds a few.
    expect(largest).toBeLessThan(6 * MiB);
    expect(checkpointer.inWorker).toBe(true);
    const check = new BetterSqlite3(file, { readonly: true });
    opened.push(check);
    expect(check.prepare('select count(*) from rows').pluck().get()).toBe(24 * 256);
  });

  it('without the worker, the WAL grows with every commit (what the worker prevents)', async () => {
    const { writer, writeMiB, walBytes } = freshWriter();
    writer.pragma('wal_autocheckpoint = 0');
    for (let round = 0; round < 8; round++) writeMiB();
    expect(walBytes()).toBeGreaterThan(8 * MiB);
  });

  it('a worker that is gone hands checkpoints back to the writer', async () => {
    const { file, writer, writeMiB, walBytes } = freshWriter();
    const checkpointer = new WalCheckpointer(writer, file);
    await checkpointer.kill();
    expect(checkpointer.inWorker).toBe(false);
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    for (let round = 0; round < 16; round++) writeMiB();
    // SQLite's own checkpoint at 1,000 pages (4 MiB) keeps reusing the WAL from the commit itself.
    expect(walBytes()).toBeLessThan(6 * MiB);
  });

  it("the store's close stops the worker with a last checkpoint, and the file opens clean", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-wal-')), 'tessera.db');
    const store = openSqliteStore(file);
    await store.migrate();
    const startedAt = Date.now();
    await store.close();
    console.info(`store close with the checkpoint worker took ${Date.now() - startedAt} ms`);
    const reopened = openSqliteStore(file);
    await reopened.migrate();
    await reopened.ping();
    await reopened.close();
  });
});
