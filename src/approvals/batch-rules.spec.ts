import {
  BATCH_BUSINESSES,
  LINE_ACCOUNT_TYPES,
  MAX_BATCH_LINES,
  businessOfKind,
  companyAccountTypeOf,
  executionDateOf,
  headerAccountTypeOf,
  isBatchBusiness,
  kindOfBusiness,
  lineAccountTypeCode,
  lineAccountTypeOf,
  monthDayOf,
  patternOf,
} from './batch-rules';

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

  it('looks as far as four years ahead for 29 February, and writes an impossible MMDD four years on', () => {
    expect(executionDateOf('0229', '2029-03-01')).toBe('2032-02-29');
    expect(executionDateOf('0229', '2028-03-01')).toBe('2032-02-29');
    expect(executionDateOf('0229', '2028-02-29')).toBe('2028-02-29');
    expect(executionDateOf('0230', '2026-11-24')).toBe('2030-02-30');
  });

  it('holds at most 9,999 lines, of bulk transfers and payroll only', () => {
    expect(MAX_BATCH_LINES).toBe(9_999);
    expect(BATCH_BUSINESSES).toEqual(['bulk_transfer', 'payroll']);
    expect(isBatchBusiness('bulk_transfer')).toBe(true);
    expect(isBatchBusiness('payroll')).toBe(true);
    expect(isBatchBusiness('transfer')).toBe(false);
    expect(isBatchBusiness('account_debit')).toBe(false);
  });

  it("maps a line's 預金種目 to its Zengin code and back", () => {
    expect(LINE_ACCOUNT_TYPES).toEqual(['ordinary', 'current', 'savings', 'other']);
    expect(LINE_ACCOUNT_TYPES.map(lineAccountTypeCode)).toEqual(['1', '2', '4', '9']);
    expect((['1', '2', '4', '9'] as const).map(lineAccountTypeOf)).toEqual([
      'ordinary',
      'current',
      'savings',
      'other',
    ]);
  });

  it("names a company account by the header's 預金種目 (9 names none) and back", () => {
    expect(companyAccountTypeOf('1')).toBe('ordinary');
    expect(companyAccountTypeOf('2')).toBe('current');
    expect(companyAccountTypeOf('9')).toBeNull();
    expect(headerAccountTypeOf('ordinary')).toBe('1');
    expect(headerAccountTypeOf('current')).toBe('2');
    expect(headerAccountTypeOf('savings')).toBe('9');
  });
});
