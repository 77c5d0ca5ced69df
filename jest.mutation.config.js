// The tests `npm run test:mutation` runs against every mutant: for each rule file in stryker.config.js, the unit
// specs named for it (`fee-calculator.ts` → `fee-calculator.spec.ts`, `fee-calculator.edges.spec.ts`), or, when it
// has none, the specs of its folder.
const fs = require('node:fs');
const path = require('node:path');
const { mutate } = require('./stryker.config.js');

const specs = new Set();
for (const file of mutate) {
  const dir = path.dirname(file);
  const base = path.basename(file, '.ts');
  const inDir = fs.readdirSync(path.join(__dirname, dir)).filter((name) => name.endsWith('.spec.ts'));
  // `manager-policy.guard.spec.ts` is the spec of manager-policy.guard.ts, not one of manager-policy.ts's.
  const own = inDir.filter(
    (name) =>
      name === `${base}.spec.ts` ||
      (name.startsWith(`${base}.`) &&
        !fs.existsSync(path.join(__dirname, dir, name.replace(/\.spec\.ts$/, '.ts')))),
  );
  for (const name of own.length ? own : inDir) specs.add(`${dir}/${name}`);
}

module.exports = {
  displayName: 'mutation',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: [...specs].map((spec) => `<rootDir>/${spec}`),
  moduleNameMapper: {
    '^@kanri/common/(.*)$': '<rootDir>/libs/common/src/$1',
    '^@kanri/security/(.*)$': '<rootDir>/libs/security/src/$1',
    '^@kanri/access/(.*)$': '<rootDir>/libs/access/src/$1',
  },
  // Transpile only: the TypeScript checker has already thrown out the mutants that do not compile.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, isolatedModules: true }] },
};
