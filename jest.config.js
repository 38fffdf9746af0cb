/** One jest config: unit (*.spec.ts), integration (*.int.spec.ts) and e2e (*.e2e.spec.ts). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.spec\\.ts$',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 30000,
  // Tests that start the service or the ledger binary as a process run the compiled dist/: built once here, only when stale.
  globalSetup: '<rootDir>/test/compiled-ledger.ts',
  // Two cores: one worker per core; SQLite files and servers are per test file, so files never share state.
  maxWorkers: 2,
};
