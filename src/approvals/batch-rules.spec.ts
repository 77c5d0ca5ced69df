import { businessOfKind, executionDateOf, kindOfBusiness, monthDayOf, patternOf } from './batch-rules';

describe('batch rules', () => {
  it('reads 振込指定日 MMDD as the first such date from today on', () => {
    expect(executionDateOf('1124', '2026-11-24')).toBe('2026-11-24');
    expect(executionDateOf('1225', '2026-11-24')).toBe('2026-12-25');
    expect(executionDateOf('0110', '2026-11-24')).toBe('2027-01-10');
    expect(executionDateOf('1123', '2026-11-24')).toBe('2027-11-23');
    expect(executionDateOf('0229', '2026-11-24')).toBe('2028-02-29');
    expect(monthDayOf('2027-01-10')).toBe('0110');
  });

  it('prices a line by where it goes from the sending branch', () => {
    const sender = { bankCode: '0009', branchCode: '081' };
    expect(patternOf(sender, { bankCode: '0009', branchCode: '081' })).toBe('same_branch');
    expect(patternOf(sender, { bankCode: '0009', branchCode: '100' })).toBe('other_branch');
    expect(patternOf(sender, { bankCode: '0005', branchCode: '081' })).toBe('other_bank');
  });

  it('maps 種別コード to the business and back', () => {
    expect(businessOfKind('21')).toEqual({ businessType: 'bulk_transfer' });
    expect(businessOfKind('11')).toEqual({ businessType: 'payroll', payrollKind: 'salary' });
    expect(businessOfKind('71')).toEqual({ businessType: 'payroll', payrollKind: 'salary' });
    expect(businessOfKind('12')).toEqual({ businessType: 'payroll', payrollKind: 'bonus' });
    expect(businessOfKind('72')).toEqual({ businessType: 'payroll', payrollKind: 'bonus' });
    expect(kindOfBusiness('bulk_transfer')).toBe('21');
    expect(kindOfBusiness('payroll', 'salary')).toBe('11');
    expect(kindOfBusiness('payroll', 'bonus')).toBe('12');
  });
});
