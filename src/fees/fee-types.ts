/** The vocabulary of fees (SPEC §6), shared by the fees module, its DTOs and the approvals module. */

/** 振込パターン: 同一店内 / 本支店 / 他行. */
export const TRANSFER_PATTERNS = ['same_branch', 'other_branch', 'other_bank'] as const;
export type TransferPattern = (typeof TRANSFER_PATTERNS)[number];

/** 手数料計算方法: 据置型 / 未満手数料加算型 / 以上手数料加算型. */
export const FEE_METHODS = ['fixed', 'add_lower_fee', 'add_higher_fee'] as const;
export type FeeMethod = (typeof FEE_METHODS)[number];

/** Who bears the fee: the payee (先方負担, deducted from the payment) or the payer (当方負担). */
export const FEE_BEARERS = ['payee', 'payer'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];

/** The three organization fee tables, as they appear in the routes. */
export const FEE_TABLE_KINDS = ['payee-borne-transfer', 'payee-borne-bulk', 'payer-borne-bulk'] as const;
export type FeeTableKind = (typeof FEE_TABLE_KINDS)[number];

/** The manual's names for the tables (手数料情報), used as screen names and in views. */
export const FEE_TABLE_LABELS: Record<FeeTableKind, string> = {
  'payee-borne-transfer': '先方負担手数料[振込振替]',
  'payee-borne-bulk': '先方負担手数料[総合振込]',
  'payer-borne-bulk': '当方負担手数料[総合振込]',
};

/** Payee-borne tables have a minimum applicable payment amount (適用最低支払金額). */
export function hasMinimumPaymentAmount(kind: FeeTableKind): boolean {
  return kind !== 'payer-borne-bulk';
}

/** Only the payee-borne table for bulk transfers has a calculation method (the manual hides it for 振込振替). */
export function hasCalculationMethod(kind: FeeTableKind): boolean {
  return kind === 'payee-borne-bulk';
}

/**
 * One row of a fee table: payments of at least `from` and below `to` (exclusive; null = no upper bound) sent with
 * `pattern` cost `fee` yen.
 */
export interface FeeRow {
  from: number;
  to: number | null;
  pattern: TransferPattern;
  fee: number;
}

/** The largest fee a row may hold (9 digits): a fee is a charge per transfer, not an amount of money moved. */
export const FEE_MAX = 999_999_999;
