// The cluster drills: three MariaDB Galera nodes, three Kanri instances and HAProxy on loopback, started by the
// suite itself (`npm run test:cluster`). Kept out of `npm test` and the proof suite: it needs galera-4 and haproxy
// and takes minutes.
const aliases = {
  '^@kanri/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@kanri/security/(.*)$': '<rootDir>/libs/security/src/$1',
  '^@kanri/access/(.*)$': '<rootDir>/libs/access/src/$1',
};
module.exports = {
  displayName: 'cluster',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster-spec.ts'],
  moduleNameMapper: aliases,
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
  maxWorkers: 1,
  testTimeout: 900000,
  forceExit: true,
};
