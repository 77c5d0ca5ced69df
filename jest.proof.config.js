// The proof suite (issue #10): bad-input and tenant sweeps, the invariant soak and the fault drills, run by
// `npm run test:proof` on MariaDB. Kept out of `npm test` (jest.config.js) because it takes minutes, not seconds.
const aliases = {
  '^@kanri/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@kanri/security/(.*)$': '<rootDir>/libs/security/src/$1',
  '^@kanri/access/(.*)$': '<rootDir>/libs/access/src/$1',
};
module.exports = {
  displayName: 'proof',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/proof'],
  testMatch: ['**/*.proof-spec.ts'],
  moduleNameMapper: aliases,
  // With the @nestjs/swagger plugin, as `nest build` and the e2e project: the app serves docs/api/openapi.json.
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        diagnostics: false,
        tsconfig: { isolatedModules: false },
        astTransformers: { before: ['<rootDir>/jest.swagger-plugin.js'] },
      },
    ],
  },
  // One file at a time: each drill loads the machine on purpose (workers, child servers, a private MariaDB).
  maxWorkers: 1,
  testTimeout: 600000,
  // The drills talk to child servers with fetch, whose keep-alive sockets outlive the tests by a few seconds.
  forceExit: true,
};
