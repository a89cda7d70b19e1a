import { defineConfig } from 'vitest/config';

// The HTTP suite runs twice: on SQLite (with everything else) and on PostgreSQL. Files that exercise
// SQLite itself (its files on disk, its write lock) and the CLI run on SQLite only.
const SQLITE_ONLY = ['test/http/secrets-at-rest.test.ts', 'test/http/storage-failure.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          env: { TESSERA_TEST_BACKEND: 'sqlite' },
          // The dashboard's browser tests (test/web, this project only) drive the built page.
          globalSetup: ['test/helpers/build-dashboard.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          // The SDK's own calls too: every method against a real Tessera on each database.
          include: ['test/http/**/*.test.ts', 'test/client/resources.test.ts'],
          exclude: SQLITE_ONLY,
          env: { TESSERA_TEST_BACKEND: 'postgres' },
        },
      },
    ],
  },
});
