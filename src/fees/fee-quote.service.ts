import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { BusinessType } from '@kanri/access/permission';
import { type FeeQuote, quotePayeeBorne, quotePayerBorne } from './fee-calculator';
import type { FeeBearer, FeeRow, TransferPattern } from './fee-types';
import { FeeTablesService } from './fee-tables.service';
import { StandardFeesService, assertDate } from './standard-fees.service';

export interface QuoteInput {
  businessType: BusinessType;
  pattern: TransferPattern;
  /** The payment amount P in yen. */
  amount: number;
  bearer: FeeBearer;
  /** Business date whose tables apply (default today). */
  date?: string;
}

/**
 * Prices a transfer for an organization (SPEC §6): `POST .../fees/quote` and every request at creation use this one
 * function. Which tables apply (decisions where the spec is silent, see src/fees/README.md):
 *
 * | business | payee bears (先方負担) | the bank's fee to the payer (actualFee) |
 * |---|---|---|
 * | transfer (振込振替) | 先方負担手数料[振込振替], 据置型 (the manual offers no method for it) | the standard table |
 * | bulk_transfer (総合振込) | 先方負担手数料[総合振込] with its method | 当方負担手数料[総合振込] |
 * | payroll (給与・賞与振込) | refused: wages are paid in full (労働基準法第24条) | 当方負担手数料[総合振込] |
 * | account_debit (口座振替) | no transfer fee (422 FEE_NOT_APPLICABLE) | — |
 */
@Injectable()
export class FeeQuoteService {
  constructor(
    private readonly tables: FeeTablesService,
    private readonly standard: StandardFeesService,
  ) {}

  async quote(orgId: string, input: QuoteInput): Promise<FeeQuote> {
    const price = await this.quoter(orgId, input);
    return price(input.pattern, input.amount);
  }

  /**
   * The tables of one business, bearer and date, resolved once, as a function that prices any number of transfers
   * (a batch's lines): the same answers as `quote`, without reading the tables again per line.
   */
  async quoter(
    orgId: string,
    input: Pick<QuoteInput, 'businessType' | 'bearer' | 'date'>,
  ): Promise<(pattern: TransferPattern, amount: number) => FeeQuote> {
    const date = input.date ?? this.standard.today();
    assertDate('date', date);
    const { businessType, bearer } = input;
    if (businessType === 'account_debit') {
      throw new AppError(
        ErrorCode.FeeNotApplicable,
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Account debits (口座振替) carry no transfer fee',
      );
    }
    if (businessType === 'payroll' && bearer === 'payee') {
      throw new AppError(
        ErrorCode.FeeBearerNotAllowed,
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Salaries and bonuses are paid in full: the payer bears the fee',
      );
    }
    const actualRows = await this.actualRows(orgId, businessType, date);
    if (bearer === 'payer') return (pattern, amount) => quotePayerBorne({ amount, pattern, actualRows });
    const payee = await this.tables.resolve(
      orgId,
      businessType === 'transfer' ? 'payee-borne-transfer' : 'payee-borne-bulk',
      date,
    );
    const payeeRows = required(payee.rows, payee.label, date);
    return (pattern, amount) =>
      quotePayeeBorne({
        payment: amount,
        pattern,
        method: payee.method ?? 'fixed',
        minimumPaymentAmount: payee.minimumPaymentAmount ?? 0,
        payeeRows,
        actualRows,
      });
  }

  private async actualRows(orgId: string, businessType: BusinessType, date: string): Promise<FeeRow[]> {
    if (businessType === 'transfer') {
      return required((await this.standard.inEffectOn(date))?.rows ?? null, '基準手数料', date);
    }
    const payer = await this.tables.resolve(orgId, 'payer-borne-bulk', date);
    return required(payer.rows, payer.label, date);
  }
}

function required(rows: FeeRow[] | null, label: string, date: string): FeeRow[] {
  if (!rows) {
    throw new AppError(
      ErrorCode.FeeTableNotSet,
      HttpStatus.UNPROCESSABLE_ENTITY,
      `No fee table applies on ${date}: ${label} follows the standard and no standard fee table is in effect`,
      { table: label, date },
    );
  }
  return rows;
}
