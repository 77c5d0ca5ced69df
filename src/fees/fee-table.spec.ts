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

  it('refuses to price an amount no band holds', () => {
    expect(() => bandFee([], 'other_bank', 1)).toThrow(RangeError);
    expect(() => bandFee(VALID, 'other_bank', -1)).toThrow(RangeError);
    const closed = VALID.filter((r) => r.pattern === 'same_branch' && r.from === 0);
    expect(() => bandFee(closed, 'same_branch', 30_000)).toThrow(RangeError);
  });

  it('orders bands that start together by fee, and stores only the four columns', () => {
    const rows = [
      { from: 30_000, to: null, pattern: 'other_bank' as const, fee: 550, id: 'x' },
      { from: 0, to: 30_000, pattern: 'other_bank' as const, fee: 500, note: 'y' },
      { from: 0, to: 30_000, pattern: 'other_bank' as const, fee: 380 },
    ];
    expect(sortedRows(rows)).toEqual([
      { from: 0, to: 30_000, pattern: 'other_bank', fee: 380 },
      { from: 0, to: 30_000, pattern: 'other_bank', fee: 500 },
      { from: 30_000, to: null, pattern: 'other_bank', fee: 550 },
    ]);
    expect(Object.keys(sortedRows(rows)[0])).toEqual(['from', 'to', 'pattern', 'fee']);
  });

  it('lists every problem of every pattern, in pattern order', () => {
    const rows: FeeRow[] = [
      { from: 5, to: 5, pattern: 'other_bank', fee: 1 },
      { from: 10, to: 20, pattern: 'other_bank', fee: 1 },
    ];
    expect(feeTableProblems(rows)).toEqual([
      'same_branch: no bands (every pattern needs bands from 0 up)',
      'other_branch: no bands (every pattern needs bands from 0 up)',
      'other_bank: the first band must start at 0',
      'other_bank: the band from 5 must end above its start',
      'other_bank: gap between 5 and 10',
      'other_bank: the last band must be open (to: null)',
    ]);
    expect(
      feeTableProblems([
        ...VALID.filter((r) => r.pattern !== 'same_branch'),
        { from: 0, to: 100, pattern: 'same_branch', fee: 0 },
        { from: 50, to: 40, pattern: 'same_branch', fee: 0 },
        { from: 60, to: null, pattern: 'same_branch', fee: 0 },
      ]),
    ).toEqual([
      'same_branch: bands overlap from 50',
      'same_branch: the band from 50 must end above its start',
      'same_branch: gap between 40 and 60',
    ]);
  });
});
