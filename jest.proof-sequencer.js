// The order the proof sweeps start in: longest first, so that the two workers finish close together. Jest orders a
// run it has no recorded durations for (every fresh clone, so every CI run) by file size, which started the bad-input
// sweep last: it then ran alone for three minutes while the other worker idled. Files not listed start after these.
const Sequencer = require('@jest/test-sequencer').default;

// Measured on the two-core CI machine, each file alone: bad-input 185 s, soak 104 s, fuzz 17 s, tenants 20 s, jobs 4 s.
const LONGEST_FIRST = [
  'bad-input',
  'invariant-soak',
  'tenant-isolation',
  'openapi-fuzz',
  'jobs-two-instances',
];

const rank = (test) => {
  const i = LONGEST_FIRST.findIndex((name) => test.path.endsWith(`/${name}.proof-spec.ts`));
  return i < 0 ? LONGEST_FIRST.length : i;
};

module.exports = class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b));
  }
};
