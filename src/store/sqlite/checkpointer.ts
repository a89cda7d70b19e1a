// SQLite's WAL checkpoints off the event loop. By default the connection that commits copies the WAL
// back into the database file once it passes 1,000 pages, inside that commit: on the one writer, that
// is the event loop writing and fsyncing megabytes while creates and verifications wait (after a run of
// cache misses, whose last-use writes dirty a random page each, a create could wait 100 ms). Here the
// writer never checkpoints; a worker thread on a connection of its own does, every CHECKPOINT_EVERY_MS.
// If the worker cannot run, the writer takes checkpoints back, so the WAL never grows without bound.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker checkpoints; an empty WAL makes a checkpoint a few microseconds of its time. */
export const CHECKPOINT_EVERY_MS = 250;
/** SQLite's own default, restored on the writer when the worker is gone. */
const WRITER_AUTOCHECKPOINT_PAGES = 1000;

/** What one checkpoint did, as `PRAGMA wal_checkpoint` answers it. */
export interface CheckpointReport {
  /** WAL frames in the log when it ran. */
  readonly log: number;
  /** Of those, frames copied back into the database file (all of them unless a reader held some). */
  readonly checkpointed: number;
}

// Plain CommonJS run by the worker (eval), so it needs no build step under tsx, vitest or dist alike.
// PASSIVE never waits for readers or the writer: what a reader still uses is copied next time.
// synchronous=FULL: the database file is fsynced before the WAL is reused, as the writer's commits are.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const connection = new Database(workerData.filePath, { fileMustExist: true });
connection.pragma('busy_timeout = 5000');
connection.pragma('synchronous = FULL');
const checkpoint = () => {
  const [result] = connection.pragma('wal_checkpoint(PASSIVE)');
  if (result.log > 0) parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  connection.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly stopped: Promise<void>;
  private running = true;
  /** The checkpoints that found work, newest last (a few kept, for tests and diagnosis). */
  readonly recent: CheckpointReport[] = [];

  constructor(
    private readonly writer: BetterSqlite3.Database,
    filePath: string,
  ) {
    // The writer's commits stop checkpointing only once the worker is there to do it.
    writer.pragma('wal_autocheckpoint = 0');
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driverPath, filePath, everyMs: CHECKPOINT_EVERY_MS },
    });
    // Never what keeps a process alive (a CLI command that forgets close() still exits).
    this.worker.unref();
    this.worker.on('message', (report: CheckpointReport) => {
      this.recent.push(report);
      if (this.recent.length > 16) this.recent.shift();
    });
    this.stopped = new Promise((resolve) => {
      this.worker.once('exit', () => {
        this.handBack();
        resolve();
      });
    });
    // An error (the driver failed to load, the file went away) ends the worker: its exit hands back.
    this.worker.on('error', () => {});
  }

  /** Whether checkpoints still run in the worker (false once it stopped or failed). */
  get inWorker(): boolean {
    return this.running;
  }

  /** A last checkpoint in the worker, then the worker ends; the writer checkpoints from then on. */
  async stop(): Promise<void> {
    // Held while it finishes: an unref'd worker alone would let the process exit mid-close, code 0.
    this.worker.ref();
    if (this.running) this.worker.postMessage('stop');
    await this.stopped;
  }

  /** Ends the worker at once (as a crash would): the writer checkpoints from then on. */
  async kill(): Promise<void> {
    await this.worker.terminate();
    await this.stopped;
  }

  private handBack(): void {
    this.running = false;
    // The writer may be closed already (store shutdown): then there is nothing left to checkpoint for.
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
  }
}
