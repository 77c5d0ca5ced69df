// Mutation testing of Kanri's pure rule files (`npm run test:mutation`): Stryker changes one rule at a time
// (`>` into `>=`, a condition into `true`, a string into "") and runs the unit tests beside the file; a mutant
// that no test notices is a rule nobody checks. This list is the one place that names the rule files: a new rule
// file joins it, and jest.mutation.config.js derives the tests to run from it.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  mutate: [
    'libs/common/src/clock/business-date.ts',
    'libs/common/src/csv/csv-cell.ts',
    'libs/common/src/csv/csv-datetime.ts',
    'libs/common/src/validation/ip-or-cidr.ts',
    'libs/security/src/password-policy.ts',
    'src/approvals/limit-scope-policy.ts',
    'src/approvals/request-state-policy.ts',
    'src/auth/account-usability-policy.ts',
    'src/auth/ip-allow-list.ts',
    'src/auth/lockout/lockout-policy.ts',
    'src/auth/second-factor/second-factor-policy.ts',
    'src/fees/fee-calculator.ts',
    'src/fees/fee-table.ts',
    'src/organizations/manager-policy.ts',
    'src/organizations/organization-code.ts',
    'src/organizations/organization-settings.ts',
    'src/personal-numbers/check-digit.ts',
    'src/personal-numbers/erasure/retention-policy.ts',
    'src/personal-numbers/files/personal-number-csv.ts',
    'src/personal-numbers/leak-guard/number-like.ts',
    'src/personal-numbers/record-policy.ts',
    'libs/common/src/csv/csv-reader.ts',
    'src/audit/audit-chain.ts',
    'src/audit/audit-masking.ts',
    'src/certificates/certificate-policy.ts',
    'src/certificates/issuance/dns-names.ts',
    'src/certificates/issuance/serial-number.ts',
    'src/certificates/issuance/subject-names.ts',
    'src/members/import/import-row.ts',
    'src/personal-numbers/files/import-plan.ts',
    'src/certificates/officers/access-pin.ts',
    'src/users/ip-list.ts',
    'src/users/search/name-terms.ts',
  ],
  plugins: ['@stryker-mutator/*', './stryker.ignorers.mjs'],
  // Error wording is not a rule (stryker.ignorers.mjs); codes and details are, and are mutated.
  ignorers: ['error-messages'],
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: one or two test processes, not one per core.
  concurrency: 2,
  // Only what changed since the committed result file is tested again.
  incremental: true,
  incrementalFile: '.stryker/incremental.json',
  thresholds: { high: 100, low: 95, break: 95 },
  // json: reports/mutation/mutation.json, the per-file figures (killed, survived, timeout, no coverage, score).
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  tempDirName: '.stryker/tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['/bench', '/test', '/web', '/dist', '/data', '/coverage', '/.ci', '/*.log'],
  timeoutMS: 5000,
};
