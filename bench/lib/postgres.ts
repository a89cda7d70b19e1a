// The PostgreSQL stage's database: created fresh on the machine's server for the run (dropped first
// if a failed run left it behind) and dropped at the end, so the stage never touches another's data.
import pg from 'pg';
import { POSTGRES_DATABASE, POSTGRES_URL } from './settings.js';

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty database; its URL. */
export async function createBenchDatabase(): Promise<string> {
  await dropBenchDatabase();
  await onServer(`create database "${POSTGRES_DATABASE}"`);
  return `${POSTGRES_URL}/${POSTGRES_DATABASE}`;
}

export async function dropBenchDatabase(): Promise<void> {
  // WITH (FORCE) ends any connection a killed server left open (PostgreSQL 13 and later).
  await onServer(`drop database if exists "${POSTGRES_DATABASE}" with (force)`);
}
