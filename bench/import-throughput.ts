// `npm run bench:import`: how fast POST /v1/tokens/import brings keys in, on SQLite and on the
// machine's PostgreSQL, from the production build. Both forms (secret, secret_sha256), in batches of
// 500 as `tessera token import` sends them, one client at a time as the CLI does. A measurement to
// report, not a test.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startTessera } from './lib/processes.js';

const TOTAL = Number(process.env.BENCH_IMPORT_TOKENS ?? 5000);
const BATCH = 500;
const ADMIN_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function measure(backend: 'sqlite' | 'postgres'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-import-'));
  const database = `tessera_bench_import_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  if (backend === 'postgres') {
    await admin.connect();
    await admin.query(`create database ${database}`);
  }
  const server = await startTessera(dataDir, `0:${randomBytes(32).toString('base64url')}`, {
    ...(backend === 'postgres' ? { DATABASE_URL: `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}` } : {}),
  });
  try {
    const batchMs: number[] = [];
    const startedAt = performance.now();
    for (let first = 0; first < TOTAL; first += BATCH) {
      const tokens = Array.from({ length: Math.min(BATCH, TOTAL - first) }, (_, offset) => {
        const secret = `sk_live_${randomBytes(24).toString('base64url')}`;
        const name = `imported-${first + offset}`;
        return (first + offset) % 2 === 0
          ? { name, secret }
          : { name, secret_sha256: createHash('sha256').update(secret).digest('hex') };
      });
      const batchStartedAt = performance.now();
      const response = await fetch(`${server.url}/v1/tokens/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tokens }),
      });
      const answer = (await response.json()) as { imported: number };
      if (answer.imported !== tokens.length)
        throw new Error(
          `batch imported ${answer.imported} of ${tokens.length}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`,
        );
      batchMs.push(performance.now() - batchStartedAt);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const sorted = batchMs.sort((left, right) => left - right);
    console.log(
      `${backend}: ${TOTAL} tokens in ${seconds.toFixed(1)} s = ${(TOTAL / seconds).toFixed(0)} tokens/s; ` +
        `batch of ${BATCH}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms`,
    );
  } finally {
    server.process.kill('SIGTERM');
    await new Promise((resolve) => server.process.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  }
}

if (process.env.BENCH_IMPORT_BACKEND !== 'postgres') await measure('sqlite');
await measure('postgres');
