// `tessera migrate`: bring the database schema up to date (the server also does this at start).
// Local: it opens the database itself, and nothing else.
import { parseConfig } from '../../config.js';
import { withStoreOnly } from '../with-deps.js';

export async function migrate(): Promise<void> {
  await withStoreOnly(parseConfig(process.env), (store) => store.migrate());
  process.stdout.write('database schema is up to date\n');
}
