import { isValidDateString } from '@kanri/common/clock/business-date';
import type { BusinessType } from '@kanri/access/permission';
import type { TransferPattern } from '../fees/fee-types';
import type { ZenginDataRecord } from '../transfers/zengin/zengin-file';
import type { ZenginKind } from '../transfers/zengin/zengin-layout';
import type { PayrollKind } from './approval-request.entity';
import type { AccountType } from './company-account.entity';

/** A batch holds at most this many lines (the Zengin trailer counts up to 6 digits; banks take 9,999). */
export const MAX_BATCH_LINES = 9_999;

/** The businesses a batch may be (総合振込, 給与・賞与振込). */
export const BATCH_BUSINESSES = ['bulk_transfer', 'payroll'] as const;
export type BatchBusiness = (typeof BATCH_BUSINESSES)[number];

/** 預金種目 of a payee line, in the API's words and in the Zengin code. */
export const LINE_ACCOUNT_TYPES = ['ordinary', 'current', 'savings', 'other'] as const;
export type LineAccountType = (typeof LINE_ACCOUNT_TYPES)[number];
const LINE_TYPE_CODES: Record<LineAccountType, ZenginDataRecord['accountType']> = {
  ordinary: '1',
  current: '2',
  savings: '4',
  other: '9',
};
export const lineAccountTypeCode = (t: LineAccountType) => LINE_TYPE_CODES[t];
export const lineAccountTypeOf = (code: ZenginDataRecord['accountType']): LineAccountType =>
  LINE_ACCOUNT_TYPES.find((t) => LINE_TYPE_CODES[t] === code)!;

/** The company account a header's 預金種目 (1 普通, 2 当座) names; 9 その他 names none Kanri keeps. */
export function companyAccountTypeOf(code: '1' | '2' | '9'): AccountType | null {
  return code === '1' ? 'ordinary' : code === '2' ? 'current' : null;
}
export function headerAccountTypeOf(type: AccountType): '1' | '2' | '9' {
  return type === 'ordinary' ? '1' : type === 'current' ? '2' : '9';
}

/** 種別コード ↔ business: 21 総合振込; 11 (71) 給与; 12 (72) 賞与. */
export function businessOfKind(kind: ZenginKind): { businessType: BatchBusiness; payrollKind?: PayrollKind } {
  if (kind === '21') return { businessType: 'bulk_transfer' };
  return { businessType: 'payroll', payrollKind: kind === '11' || kind === '71' ? 'salary' : 'bonus' };
}
export function kindOfBusiness(business: BatchBusiness, payrollKind?: PayrollKind | null): ZenginKind {
  if (business === 'bulk_transfer') return '21';
  return payrollKind === 'bonus' ? '12' : '11';
}
export function isBatchBusiness(business: BusinessType): business is BatchBusiness {
  return (BATCH_BUSINESSES as readonly string[]).includes(business);
}

/** 振込パターン of a line from the sending bank and branch: same branch, same bank, or another bank. */
export function patternOf(
  sender: { bankCode: string; branchCode: string },
  line: { bankCode: string; branchCode: string },
): TransferPattern {
  if (line.bankCode !== sender.bankCode) return 'other_bank';
  return line.branchCode === sender.branchCode ? 'same_branch' : 'other_branch';
}

/** 振込指定日 MMDD as the first such business date from today on (today itself included). */
export function executionDateOf(mmdd: string, today: string): string {
  const year = Number(today.slice(0, 4));
  const on = (y: number) => `${y}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
  // 0229 exists only in leap years, at most four years on; an MMDD that is never a date (the parser lets none
  // through) stops there too.
  let y = year;
  while (y < year + 4 && !(isValidDateString(on(y)) && on(y) >= today)) y++;
  return on(y);
}

/** MMDD of a business date. */
export const monthDayOf = (date: string) => date.slice(5, 7) + date.slice(8, 10);
