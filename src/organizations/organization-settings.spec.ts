import { defaultOrganizationSettings, effectiveSettings } from './organization-settings';

describe('organization settings', () => {
  it('fills the documented defaults', () => {
    expect(effectiveSettings({})).toEqual({
      lockoutThreshold: 3,
      lockoutMode: 'admin_unlock',
      lockoutMinutes: 30,
      otpRequirement: 'optional',
      otpMethod: 'email',
      passwordPolicy: 'default',
      approvalModes: {
        transfer: 'single',
        bulk_transfer: 'single',
        payroll: 'single',
        account_debit: 'single',
      },
      dailyLimits: { bulk_transfer: null, payroll: null, bonus: null, account_debit: null },
    });
    expect(effectiveSettings(null)).toEqual(defaultOrganizationSettings());
  });

  it('keeps what was set and merges the nested maps key by key', () => {
    const s = effectiveSettings({
      lockoutThreshold: 5,
      lockoutMode: 'temporary',
      passwordPolicy: 'legacy_banking',
      approvalModes: { transfer: 'none', payroll: 'double_ordered' },
      dailyLimits: { bonus: 5_000_000 },
    });
    expect(s).toMatchObject({
      lockoutThreshold: 5,
      lockoutMode: 'temporary',
      passwordPolicy: 'legacy_banking',
    });
    expect(s.approvalModes).toEqual({
      transfer: 'none',
      bulk_transfer: 'single',
      payroll: 'double_ordered',
      account_debit: 'single',
    });
    expect(s.dailyLimits).toEqual({
      bulk_transfer: null,
      payroll: null,
      bonus: 5_000_000,
      account_debit: null,
    });
  });

  it('never lets a stored value outside the rules through (e.g. data imported from elsewhere)', () => {
    const s = effectiveSettings({
      lockoutThreshold: 0,
      lockoutMinutes: 99999,
      otpRequirement: 'sometimes' as never,
      approvalModes: { payroll: 'none' },
      dailyLimits: { payroll: 1.5, bonus: 10 ** 13 },
    });
    expect(s.lockoutThreshold).toBe(3);
    expect(s.lockoutMinutes).toBe(30);
    expect(s.otpRequirement).toBe('optional');
    expect(s.approvalModes.payroll).toBe('single');
    expect(s.dailyLimits).toMatchObject({ payroll: null, bonus: null });
  });

  it('is idempotent over its own output', () => {
    const once = effectiveSettings({ otpRequirement: 'required', otpMethod: 'totp' });
    expect(effectiveSettings(once)).toEqual(once);
  });
});
