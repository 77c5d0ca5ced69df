import { bandFee, feeTableProblems, sortedRows } from './fee-table';
import type { FeeRow, TransferPattern } from './fee-types';

const twoBands = (pattern: TransferPattern, low: number, high: number): FeeRow[] => [
  { from: 0, to: 30_000, pattern, fee: low },
  { from: 30_000, to: null, pattern, fee: high },
];
const VALID: FeeRow[] = [
  ...twoBands('same_branch', 0, 0),
  ...twoBands('other_branch', 110, 330),
  ...twoBands('other_bank', 380, 550),
];

describe('fee tables (SPEC §6): bands from 0, contiguous, ending open, for every pattern', () => {
  it('accepts a complete table in any row order', () => {
    expect(feeTableProblems(VALID)).toEqual([]);
    expect(feeTableProblems([...VALID].reverse())).toEqual([]);
  });

  it('needs every pattern', () => {
    expect(feeTableProblems(VALID.filter((r) => r.pattern !== 'other_bank'))).toEqual([
      'other_bank: no bands (every pattern needs bands from 0 up)',
    ]);
  });

  it('refuses a table that does not start at 0', () => {
    const rows = VALID.map((r) => (r.pattern === 'same_branch' && r.from === 0 ? { ...r, from: 1 } : r));
    expect(feeTableProblems(rows)).toEqual(['same_branch: the first band must start at 0']);
  });

  it('refuses gaps and overlaps', () => {
    const gap = VALID.map((r) =>
      r.pattern === 'other_branch' && r.to === 30_000 ? { ...r, to: 29_000 } : r,
    );
    expect(feeTableProblems(gap)).toEqual(['other_branch: gap between 29000 and 30000']);
    const overlap = VALID.map((r) =>
      r.pattern === 'other_branch' && r.to === 30_000 ? { ...r, to: 31_000 } : r,
    );
    expect(feeTableProblems(overlap)).toEqual(['other_branch: bands overlap from 30000']);
  });

  it('refuses a closed last band, an open band before the last, and empty bands', () => {
    const closed = VALID.map((r) =>
      r.pattern === 'other_bank' && r.to === null ? { ...r, to: 1_000_000 } : r,
    );
    expect(feeTableProblems(closed)).toEqual(['other_bank: the last band must be open (to: null)']);
    const openTwice = VALID.map((r) => (r.pattern === 'other_bank' && r.from === 0 ? { ...r, to: null } : r));
    expect(feeTableProblems(openTwice)).toEqual([
      'other_bank: only the last band may be open; another starts at 30000',
    ]);
    const empty: FeeRow[] = [
      ...VALID.filter((r) => r.pattern !== 'same_branch'),
      { from: 0, to: 0, pattern: 'same_branch', fee: 0 },
      { from: 0, to: null, pattern: 'same_branch', fee: 0 },
    ];
    expect(feeTableProblems(empty)).toContain('same_branch: the band from 0 must end above its start');
  });

  it('finds the band fee with `to` exclusive', () => {
    expect(bandFee(VALID, 'other_branch', 0)).toBe(110);
    expect(bandFee(VALID, 'other_branch', 29_999)).toBe(110);
    expect(bandFee(VALID, 'other_branch', 30_000)).toBe(330);
    expect(bandFee(VALID, 'other_bank', 999_999_999_999_999)).toBe(550);
  });

  it('sorts rows by pattern then amount', () => {
    expect(sortedRows([...VALID].reverse())).toEqual(VALID);
  });
});
