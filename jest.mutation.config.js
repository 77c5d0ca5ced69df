// The tests `npm run test:mutation` runs against every mutant: for each rule file in stryker.config.js, the unit
// spec named for it (`fee-calculator.ts` → `fee-calculator.spec.ts`), or, when it has none, the specs of its folder.
const fs = require('node:fs');
const path = require('node:path');
const { mutate } = require('./stryker.config.js');

const specs = new Set();
for (const file of mutate) {
  const own = file.replace(/\.ts$/, '.spec.ts');
  if (fs.existsSync(path.join(__dirname, own))) {
    specs.add(own);
    continue;
  }
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(path.join(__dirname, dir))) {
    if (name.endsWith('.spec.ts')) specs.add(`${dir}/${name}`);
  }
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
