// PostgreSQL databases of their own for tests that start real server processes (each process needs a
// DATABASE_URL, so a schema is not enough): created on the machine's server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement as the administrator (create or drop a database). */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database's name and URL; `create` it before use and `drop` it after. */
export function freshDatabase(prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  return {
    name,
    url: `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${name}`,
    create: () => adminQuery(`create database ${name}`),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}
