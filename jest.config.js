/**
 * Jest: TypeScript through ts-jest, test files run one after another (`--runInBand` in npm test)
 * so that two cores are not shared by several JVM-heavy workers. Three projects, by what a test
 * needs besides Node:
 *
 * - `unit` (test/unit): nothing; `npm run test:unit` runs in about half a minute on any machine;
 * - `integration` (test/integration): a real Neo4j, started once for the run by the global setup
 *   (unless NEO4J_URI is set);
 * - `e2e` (test/e2e): that Neo4j too, and a browser (Chromium) or a redis-server.
 *
 * `npm test` runs all three, after test/prerequisites.mjs has checked (and, where it can,
 * installed) what the integration and e2e tests need.
 * @type {import('jest').Config}
 */
const common = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
};
const withNeo4j = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

module.exports = {
  // Global options (a project's own would be ignored).
  testTimeout: 60_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    { ...common, ...withNeo4j, displayName: 'integration', roots: ['<rootDir>/test/integration'] },
    { ...common, ...withNeo4j, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
  ],
};
