import { AppError } from '@kanri/common/errors/app-error';
import { deductedFeeFor, quotePayeeBorne, quotePayerBorne } from './fee-calculator';
import type { FeeMethod, FeeRow } from './fee-types';

/** The manual's example shape: below 30,000 yen 0/110/380, from 30,000 yen 0/330/550 (SPEC §6). */
const T = 30_000;
const STANDARD: FeeRow[] = [
  { from: 0, to: T, pattern: 'same_branch', fee: 0 },
  { from: T, to: null, pattern: 'same_branch', fee: 0 },
  { from: 0, to: T, pattern: 'other_branch', fee: 110 },
  { from: T, to: null, pattern: 'other_branch', fee: 330 },
  { from: 0, to: T, pattern: 'other_bank', fee: 380 },
  { from: T, to: null, pattern: 'other_bank', fee: 550 },
];
const F_LOW = 110;
const F_HIGH = 330;

const quote = (payment: number, method: FeeMethod, minimumPaymentAmount = 0) =>
  quotePayeeBorne({
    payment,
    pattern: 'other_branch',
    method,
    minimumPaymentAmount,
    payeeRows: STANDARD,
    actualRows: STANDARD,
  });

describe('fee calculation (SPEC §6 手数料計算方法)', () => {
  it('holds the worked example: P = 30,329 with bands 110 below 30,000 and 330 from 30,000', () => {
    expect(quote(30_329, 'fixed')).toEqual({
      deductedFee: 330,
      transferAmount: 29_999,
      actualFee: 110,
      difference: 220,
    });
    expect(quote(30_329, 'add_lower_fee')).toEqual({
      deductedFee: 330,
      transferAmount: 29_999,
      actualFee: 110,
      difference: 220,
    });
    expect(quote(30_329, 'add_higher_fee')).toEqual({
      deductedFee: 110,
      transferAmount: 30_219,
      actualFee: 330,
      difference: -220,
    });
  });

  // The band edges the issue names: T−1, T, T+f_low−1, T+f_low, T+f_high−1, T+f_high.
  const edges = [T - 1, T, T + F_LOW - 1, T + F_LOW, T + F_HIGH - 1, T + F_HIGH];

  it('据置型 (fixed): the band P falls in — the higher fee from T', () => {
    expect(edges.map((p) => deductedFeeFor(STANDARD, 'other_branch', p, 'fixed'))).toEqual([
      110, 330, 330, 330, 330, 330,
    ]);
  });

  it('未満手数料加算型 (add_lower_fee): the higher fee from T + f_low', () => {
    expect(edges.map((p) => deductedFeeFor(STANDARD, 'other_branch', p, 'add_lower_fee'))).toEqual([
      110, 110, 110, 330, 330, 330,
    ]);
  });

  it('以上手数料加算型 (add_higher_fee): the higher fee from T + f_high', () => {
    expect(edges.map((p) => deductedFeeFor(STANDARD, 'other_branch', p, 'add_higher_fee'))).toEqual([
      110, 110, 110, 110, 110, 330,
    ]);
  });

  it('transfer amount, actual fee and difference at every edge, for every method', () => {
    const table = (method: FeeMethod) =>
      edges.map((p) => {
        const q = quote(p, method);
        return [p, q.deductedFee, q.transferAmount, q.actualFee, q.difference];
      });
    expect(table('fixed')).toEqual([
      [29_999, 110, 29_889, 110, 0],
      [30_000, 330, 29_670, 110, 220],
      [30_109, 330, 29_779, 110, 220],
      [30_110, 330, 29_780, 110, 220],
      [30_329, 330, 29_999, 110, 220],
      [30_330, 330, 30_000, 330, 0],
    ]);
    expect(table('add_lower_fee')).toEqual([
      [29_999, 110, 29_889, 110, 0],
      [30_000, 110, 29_890, 110, 0],
      [30_109, 110, 29_999, 110, 0],
      [30_110, 330, 29_780, 110, 220],
      [30_329, 330, 29_999, 110, 220],
      [30_330, 330, 30_000, 330, 0],
    ]);
    expect(table('add_higher_fee')).toEqual([
      [29_999, 110, 29_889, 110, 0],
      [30_000, 110, 29_890, 110, 0],
      [30_109, 110, 29_999, 110, 0],
      [30_110, 110, 30_000, 330, -220],
      [30_329, 110, 30_219, 330, -220],
      [30_330, 330, 30_000, 330, 0],
    ]);
  });

  it('walks several thresholds upwards (three bands)', () => {
    const rows: FeeRow[] = [
      { from: 0, to: 10_000, pattern: 'other_bank', fee: 100 },
      { from: 10_000, to: 30_000, pattern: 'other_bank', fee: 300 },
      { from: 30_000, to: null, pattern: 'other_bank', fee: 500 },
    ];
    const fee = (p: number, m: FeeMethod) => deductedFeeFor(rows, 'other_bank', p, m);
    expect(
      [9_999, 10_000, 10_099, 10_100, 30_299, 30_300, 30_499, 30_500].map((p) => fee(p, 'add_lower_fee')),
    ).toEqual([100, 100, 100, 300, 300, 500, 500, 500]);
    expect([10_299, 10_300, 30_499, 30_500].map((p) => fee(p, 'add_higher_fee'))).toEqual([
      100, 300, 300, 500,
    ]);
    expect([9_999, 10_000, 29_999, 30_000].map((p) => fee(p, 'fixed'))).toEqual([100, 300, 300, 500]);
  });

  it('deducts nothing below the minimum applicable payment amount (適用最低支払金額), and from it on', () => {
    expect(quote(9_999, 'fixed', 10_000)).toEqual({
      deductedFee: 0,
      transferAmount: 9_999,
      actualFee: 110,
      difference: -110,
    });
    expect(quote(10_000, 'fixed', 10_000).deductedFee).toBe(110);
  });

  it('refuses a payment that the fee would swallow (422 FEE_EXCEEDS_PAYMENT)', () => {
    expect(quote(111, 'fixed').transferAmount).toBe(1);
    for (const p of [1, 110]) {
      try {
        quote(p, 'fixed');
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('FEE_EXCEEDS_PAYMENT');
        expect((error as AppError).status).toBe(422);
        expect((error as AppError).details).toEqual({ payment: p, deductedFee: 110 });
      }
    }
  });

  it('refuses to price a pattern the table has no bands for (an empty table is never valid)', () => {
    for (const method of ['fixed', 'add_lower_fee', 'add_higher_fee'] as const) {
      expect(() => deductedFeeFor([], 'other_bank', 1_000, method)).toThrow(RangeError);
      expect(() =>
        deductedFeeFor(
          STANDARD.filter((r) => r.pattern !== 'other_bank'),
          'other_bank',
          1_000,
          method,
        ),
      ).toThrow(RangeError);
    }
  });

  it('a table of one open band charges its fee for every payment, by every method', () => {
    const flat: FeeRow[] = [{ from: 0, to: null, pattern: 'other_bank', fee: 220 }];
    for (const method of ['fixed', 'add_lower_fee', 'add_higher_fee'] as const) {
      expect(deductedFeeFor(flat, 'other_bank', 1, method)).toBe(220);
      expect(deductedFeeFor(flat, 'other_bank', 10_000_000, method)).toBe(220);
    }
  });

  it('payer-borne: the payee receives the whole amount; the payer pays the band fee of the amount', () => {
    expect(quotePayerBorne({ amount: 30_329, pattern: 'other_bank', actualRows: STANDARD })).toEqual({
      deductedFee: 0,
      transferAmount: 30_329,
      actualFee: 550,
      difference: -550,
    });
    expect(quotePayerBorne({ amount: 29_999, pattern: 'same_branch', actualRows: STANDARD }).actualFee).toBe(
      0,
    );
  });
});
