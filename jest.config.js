/** Tests boot the real app against a real database: PostgreSQL when DATABASE_URL is set, PGlite otherwise. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Each test file's database is a copy of one migrated per run (tests/support/template.ts).
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  // Generous: a test that waits on Chromium or a child process on a busy two-core machine.
  testTimeout: 180000,
  maxWorkers: 2,
};
