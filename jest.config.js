/**
 * Jest: TypeScript through ts-jest, one real Neo4j for the whole run (started by the global
 * setup unless NEO4J_URI is set), test files run one after another (`--runInBand` in npm test)
 * so that two cores are not shared by several JVM-heavy workers.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
