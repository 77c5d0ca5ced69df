// Two projects: fast unit tests beside the code, and end-to-end tests under test/ that boot the real app
// against a real database (SQLite by default; MariaDB when KANRI_TEST_DB=mysql, see test/support/test-database.ts).
const aliases = {
  '^@kanri/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@kanri/security/(.*)$': '<rootDir>/libs/security/src/$1',
  '^@kanri/access/(.*)$': '<rootDir>/libs/access/src/$1',
};
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
// End-to-end files compile with the @nestjs/swagger plugin, as `nest build` does, so the app under test serves
// the OpenAPI document the built server serves; the plugin reads types across files, hence a whole program.
const e2eTransform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      diagnostics: false,
      tsconfig: { isolatedModules: false },
      astTransformers: { before: ['<rootDir>/jest.swagger-plugin.js'] },
    },
  ],
};
module.exports = {
  // Two workers on the two-core machines: end-to-end files spend most of their time waiting on the database.
  maxWorkers: 2,
  // A global option in Jest 29 (ignored inside a project): end-to-end files boot an app and hash passwords.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/libs'],
      testMatch: ['**/*.spec.ts'],
      moduleNameMapper: aliases,
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleNameMapper: aliases,
      transform: e2eTransform,
    },
  ],
};
