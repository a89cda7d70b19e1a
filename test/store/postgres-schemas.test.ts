// Each Tessera keeps its migration bookkeeping in its own schema: another schema of the same database
// that holds Kysely's migration tables (another Tessera, a leftover test) must not be taken for ours.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/open.js';

const url = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemaName = () => `t_${randomBytes(8).toString('hex')}`;

describe('PostgreSQL schemas', () => {
  it('migrates a fresh schema while another schema already holds migration tables', async () => {
    const first = openPostgresStore({ url, schema: schemaName() });
    const second = openPostgresStore({ url, schema: schemaName() });
    try {
      await first.migrate();
      await second.migrate();
      expect(await second.findBootstrapTenantId()).toBeNull();
      await second.ping();
    } finally {
      for (const store of [first, second]) {
        await store.close();
        await store.dropSchema();
      }
    }
  });
});
