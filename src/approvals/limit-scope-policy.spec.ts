import { companyLimitKind, limitScopes } from './limit-scope-policy';

const account = { transferTotal: 1_000_000, adHocPayee: 300_000, registeredPayee: 800_000 };
const company = { bulk_transfer: 5_000_000, payroll: 9_000_000, bonus: null, account_debit: 2_000_000 };

describe('which daily limits a request counts against (SPEC §5)', () => {
  it('a transfer to an ad-hoc payee: the account total and the ad-hoc limit (振込振替(合計)/(都度指定))', () => {
    expect(
      limitScopes(
        { businessType: 'transfer', accountId: 'A', payeeKind: 'ad_hoc', payrollKind: null },
        { account, company },
      ),
    ).toEqual([
      { key: 'account:A:ad_hoc', limit: 300_000 },
      { key: 'account:A:transfer_total', limit: 1_000_000 },
    ]);
  });

  it('a transfer to a registered payee: the account total and the registered limit (振込振替(事前登録))', () => {
    expect(
      limitScopes(
        { businessType: 'transfer', accountId: 'A', payeeKind: 'registered', payrollKind: null },
        { account, company },
      ),
    ).toEqual([
      { key: 'account:A:registered', limit: 800_000 },
      { key: 'account:A:transfer_total', limit: 1_000_000 },
    ]);
  });

  it('the other businesses: their company limit (総合振込 / 給与振込 / 賞与振込 / 口座振替)', () => {
    const scopes = (
      businessType: 'bulk_transfer' | 'payroll' | 'account_debit',
      payrollKind: 'salary' | 'bonus' | null,
    ) =>
      limitScopes({ businessType, accountId: 'A', payeeKind: 'ad_hoc', payrollKind }, { account, company });
    expect(scopes('bulk_transfer', null)).toEqual([{ key: 'company:bulk_transfer', limit: 5_000_000 }]);
    expect(scopes('payroll', 'salary')).toEqual([{ key: 'company:payroll', limit: 9_000_000 }]);
    expect(scopes('payroll', 'bonus')).toEqual([{ key: 'company:bonus', limit: null }]);
    expect(scopes('account_debit', null)).toEqual([{ key: 'company:account_debit', limit: 2_000_000 }]);
  });

  it('maps businesses to company limit kinds', () => {
    expect(companyLimitKind('transfer', null)).toBeNull();
    expect(companyLimitKind('payroll', 'bonus')).toBe('bonus');
    expect(companyLimitKind('payroll', 'salary')).toBe('payroll');
    expect(companyLimitKind('payroll', null)).toBe('payroll');
    expect(companyLimitKind('bulk_transfer', 'bonus')).toBe('bulk_transfer');
    expect(companyLimitKind('account_debit', null)).toBe('account_debit');
  });
});
