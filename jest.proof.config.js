// The proof suite (issue #10): bad-input and tenant sweeps, the invariant soak and the fault drills, run by
// `npm run test:proof` on MariaDB. Kept out of `npm test` (jest.config.js) because it takes minutes, not seconds.
//
// Two projects, run one after the other by `npm run test:proof` (.ci/run runs them as two steps):
// - `sweeps`: files whose Kanri runs inside the jest worker (the sweeps, the soak, two instances of the job
//   runner). Each is one Node process and its own database, so two run side by side (`test:proof:sweeps`,
//   two workers) and the machine's second core is not left idle.
// - `drills`: files that start Kanri as child processes or a MariaDB server of their own and kill them on purpose
//   (`test:proof:drills`, one at a time): their timing is what they test, so nothing else runs beside them.
const aliases = {
  '^@kanri/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@kanri/security/(.*)$': '<rootDir>/libs/security/src/$1',
  '^@kanri/access/(.*)$': '<rootDir>/libs/access/src/$1',
};
const DRILLS = ['fault-kill', 'fault-database-outage', 'audit-streaming'];
const project = (displayName, files) => ({
  displayName,
  testEnvironment: 'node',
  roots: ['<rootDir>/test/proof'],
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
  ...files,
});
module.exports = {
  projects: [
    project('sweeps', {
      testMatch: ['**/*.proof-spec.ts'],
      testPathIgnorePatterns: DRILLS.map((name) => `/${name}\\.proof-spec\\.ts$`),
    }),
    project('drills', { testMatch: [`**/{${DRILLS.join(',')}}.proof-spec.ts`] }),
  ],
  // `npm run test:proof:sweeps` passes --maxWorkers=2; the drills, and a plain `jest -c jest.proof.config.js`,
  // run one file at a time.
  maxWorkers: 1,
  // A global option: the longest sweeps start first (jest.proof-sequencer.js).
  testSequencer: '<rootDir>/jest.proof-sequencer.js',
  testTimeout: 600000,
  // The drills talk to child servers with fetch, whose keep-alive sockets outlive the tests by a few seconds.
  forceExit: true,
};
