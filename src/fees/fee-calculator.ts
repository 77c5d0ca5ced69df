import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { bandFee, bandsOf } from './fee-table';
import type { FeeMethod, FeeRow, TransferPattern } from './fee-types';

/**
 * What a transfer costs and who pays it (SPEC §6), answered by `POST .../fees/quote` and stored on every request.
 *
 * - `deductedFee`: what is taken out of the payment amount P before sending it (先方負担手数料). 0 when the payer bears
 *   the fee (当方負担), and 0 when P is below the table's minimum applicable payment amount (適用最低支払金額).
 * - `transferAmount`: what the payee receives: P − deductedFee.
 * - `actualFee`: the fee the bank charges the payer for sending `transferAmount` — the band fee of the transfer
 *   amount (not of P) in the table that prices the payer's own transfers: the standard table (基準手数料) for
 *   振込振替, the organization's payer-borne table (当方負担手数料[総合振込], itself the standard unless the
 *   organization keeps its own rows) for 総合振込 and 給与・賞与振込.
 * - `difference`: deductedFee − actualFee. Positive: the payee was charged more than the bank takes (the payer keeps
 *   the rest); negative: the payer makes up the shortfall. When the payer bears the fee it is −actualFee.
 *
 * The three calculation methods decide the deducted fee when P lies near a band threshold T, with f_low the fee of
 * the band below T and f_high the fee of the band from T:
 * - 据置型 `fixed`: the fee of the band P falls in (P ≥ T ⇒ f_high);
 * - 未満手数料加算型 `add_lower_fee`: the threshold is raised by the lower fee (P ≥ T + f_low ⇒ f_high);
 * - 以上手数料加算型 `add_higher_fee`: the threshold is raised by the higher fee (P ≥ T + f_high ⇒ f_high).
 * With several thresholds the bands are walked upwards and the walk stops at the first raised threshold P does not
 * reach. Worked check (110 below 30,000, 330 from 30,000; P = 30,329): fixed 330/29,999; add_lower_fee 330/29,999;
 * add_higher_fee 110/30,219.
 */
export interface FeeQuote {
  deductedFee: number;
  transferAmount: number;
  actualFee: number;
  difference: number;
}

/** The fee deducted from a payment of `payment` yen by `method` (before the minimum applicable payment amount). */
export function deductedFeeFor(
  rows: readonly FeeRow[],
  pattern: TransferPattern,
  payment: number,
  method: FeeMethod,
): number {
  const bands = bandsOf(rows, pattern);
  if (!bands.length) throw new RangeError(`no ${pattern} bands`);
  let chosen = bands[0];
  for (let i = 1; i < bands.length; i++) {
    const threshold = raisedThreshold(bands[i].from, bands[i - 1].fee, bands[i].fee, method);
    if (payment < threshold) break;
    chosen = bands[i];
  }
  return chosen.fee;
}

function raisedThreshold(threshold: number, lowerFee: number, higherFee: number, method: FeeMethod): number {
  switch (method) {
    case 'fixed':
      return threshold;
    case 'add_lower_fee':
      return threshold + lowerFee;
    case 'add_higher_fee':
      return threshold + higherFee;
  }
}

export interface PayeeBorneInput {
  /** P, the payment amount (支払金額). */
  payment: number;
  pattern: TransferPattern;
  method: FeeMethod;
  /** 適用最低支払金額: below it nothing is deducted. */
  minimumPaymentAmount: number;
  /** The payee-borne table (先方負担手数料). */
  payeeRows: readonly FeeRow[];
  /** The table that prices the payer's transfers (see FeeQuote.actualFee). */
  actualRows: readonly FeeRow[];
}

/** 先方負担: the fee is deducted from the payment. */
export function quotePayeeBorne(input: PayeeBorneInput): FeeQuote {
  const { payment, pattern } = input;
  const deductedFee =
    payment < input.minimumPaymentAmount
      ? 0
      : deductedFeeFor(input.payeeRows, pattern, payment, input.method);
  const transferAmount = payment - deductedFee;
  if (transferAmount < 1) {
    throw new AppError(
      ErrorCode.FeeExceedsPayment,
      HttpStatus.UNPROCESSABLE_ENTITY,
      'The fee to deduct is not smaller than the payment; raise the minimum applicable payment amount or let the payer bear the fee',
      { payment, deductedFee },
    );
  }
  const actualFee = bandFee(input.actualRows, pattern, transferAmount);
  return { deductedFee, transferAmount, actualFee, difference: deductedFee - actualFee };
}

/** 当方負担: the payee receives the whole amount; the payer pays the fee on top. */
export function quotePayerBorne(input: {
  amount: number;
  pattern: TransferPattern;
  actualRows: readonly FeeRow[];
}): FeeQuote {
  const actualFee = bandFee(input.actualRows, input.pattern, input.amount);
  return { deductedFee: 0, transferAmount: input.amount, actualFee, difference: -actualFee };
}
