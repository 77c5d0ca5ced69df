import type { BusinessType } from '@kanri/access/permission';
import type { CompanyDailyLimitKind } from '../organizations/organization-settings';
import type { PayeeKind, PayrollKind } from './approval-request.entity';

/** 口座一日当たりの限度額 of one account; null = no limit. */
export interface AccountDailyLimits {
  /** 振込振替(合計). */
  transferTotal: number | null;
  /** 振込振替(都度指定). */
  adHocPayee: number | null;
  /** 振込振替(事前登録). */
  registeredPayee: number | null;
}

/** One daily limit a request counts against: its usage row key and the limit in force (null = none). */
export interface LimitScope {
  key: string;
  limit: number | null;
}

export interface LimitedRequest {
  businessType: BusinessType;
  accountId: string;
  payeeKind: PayeeKind;
  payrollKind: PayrollKind | null;
}

/**
 * Which company daily limit (企業一日当たりの限度額) a business counts against: 総合振込, 給与振込 or 賞与振込, 口座振替.
 * Transfers (振込振替) have account limits instead.
 */
export function companyLimitKind(
  businessType: BusinessType,
  payrollKind: PayrollKind | null,
): CompanyDailyLimitKind | null {
  switch (businessType) {
    case 'transfer':
      return null;
    case 'bulk_transfer':
      return 'bulk_transfer';
    case 'payroll':
      return payrollKind === 'bonus' ? 'bonus' : 'payroll';
    case 'account_debit':
      return 'account_debit';
  }
}

/**
 * The daily limits a request counts against (SPEC §5), in lock order (by key). A transfer counts against its
 * account's total and against the ad-hoc or registered-payee limit; the other businesses against their company
 * limit. Usage is tracked even where no limit is set, so a limit set later already sees the day's requests.
 */
export function limitScopes(
  request: LimitedRequest,
  limits: { account: AccountDailyLimits; company: Record<CompanyDailyLimitKind, number | null> },
): LimitScope[] {
  const kind = companyLimitKind(request.businessType, request.payrollKind);
  const scopes: LimitScope[] = kind
    ? [{ key: `company:${kind}`, limit: limits.company[kind] }]
    : [
        { key: `account:${request.accountId}:transfer_total`, limit: limits.account.transferTotal },
        request.payeeKind === 'registered'
          ? { key: `account:${request.accountId}:registered`, limit: limits.account.registeredPayee }
          : { key: `account:${request.accountId}:ad_hoc`, limit: limits.account.adHocPayee },
      ];
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at most two scopes, always built as (transfer_total, ad_hoc|registered), so the comparator only ever sees one ordering
  return scopes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
