import {
  COMPANY_DAILY_LIMIT_MAX,
  defaultOrganizationSettings,
  effectiveSettings,
} from './organization-settings';

describe('organization settings', () => {
  it('fills the documented defaults', () => {
    expect(effectiveSettings({})).toEqual({
      lockoutThreshold: 3,
      lockoutMode: 'admin_unlock',
      lockoutMinutes: 30,
      otpRequirement: 'optional',
      otpMethod: 'email',
      passwordPolicy: 'default',
      confirmWithOtp: false,
      passkeyStepUp: false,
      approvalModes: {
        transfer: 'single',
        bulk_transfer: 'single',
        payroll: 'single',
        account_debit: 'single',
      },
      dailyLimits: { bulk_transfer: null, payroll: null, bonus: null, account_debit: null },
      selfRegistration: false,
      zenginRequester: null,
    });
    expect(effectiveSettings(null)).toEqual(defaultOrganizationSettings());
  });

  it('turns self registration on only when it was set to true', () => {
    expect(effectiveSettings({ selfRegistration: true }).selfRegistration).toBe(true);
    expect(effectiveSettings({ selfRegistration: false }).selfRegistration).toBe(false);
    expect(effectiveSettings({ selfRegistration: 'yes' as unknown as boolean }).selfRegistration).toBe(false);
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

  it('keeps numbers at the edges of their ranges and refuses one step beyond', () => {
    const at = (stored: Parameters<typeof effectiveSettings>[0]) => effectiveSettings(stored);
    expect(at({ lockoutThreshold: 1 }).lockoutThreshold).toBe(1);
    expect(at({ lockoutThreshold: 100 }).lockoutThreshold).toBe(100);
    expect(at({ lockoutThreshold: 101 }).lockoutThreshold).toBe(3);
    expect(at({ lockoutThreshold: 2.5 }).lockoutThreshold).toBe(3);
    expect(at({ lockoutThreshold: '5' as never }).lockoutThreshold).toBe(3);
    expect(at({ lockoutMinutes: 1 }).lockoutMinutes).toBe(1);
    expect(at({ lockoutMinutes: 1440 }).lockoutMinutes).toBe(1440);
    expect(at({ lockoutMinutes: 0 }).lockoutMinutes).toBe(30);
    expect(at({ lockoutMinutes: 1441 }).lockoutMinutes).toBe(30);
    expect(at({ dailyLimits: { payroll: 0, bonus: COMPANY_DAILY_LIMIT_MAX } }).dailyLimits).toMatchObject({
      payroll: 0,
      bonus: COMPANY_DAILY_LIMIT_MAX,
    });
    expect(
      at({ dailyLimits: { payroll: -1, bonus: COMPANY_DAILY_LIMIT_MAX + 1 } }).dailyLimits,
    ).toMatchObject({
      payroll: null,
      bonus: null,
    });
  });

  it('allows no approval (none) for transfers only', () => {
    const s = effectiveSettings({
      approvalModes: { transfer: 'none', bulk_transfer: 'none', payroll: 'none', account_debit: 'none' },
    });
    expect(s.approvalModes).toEqual({
      transfer: 'none',
      bulk_transfer: 'single',
      payroll: 'single',
      account_debit: 'single',
    });
    expect(
      effectiveSettings({ approvalModes: { bulk_transfer: 'double_unordered' } }).approvalModes.bulk_transfer,
    ).toBe('double_unordered');
  });

  it('reads every choice it knows and falls back on the others', () => {
    const s = effectiveSettings({
      lockoutMode: 'temporary',
      otpRequirement: 'off',
      otpMethod: 'totp',
      passwordPolicy: 'legacy_banking',
    });
    expect(s).toMatchObject({
      lockoutMode: 'temporary',
      otpRequirement: 'off',
      otpMethod: 'totp',
      passwordPolicy: 'legacy_banking',
    });
    const unknown = effectiveSettings({
      lockoutMode: 'forever' as never,
      otpMethod: 'sms' as never,
      passwordPolicy: 'none' as never,
    });
    expect(unknown).toMatchObject({
      lockoutMode: 'admin_unlock',
      otpMethod: 'email',
      passwordPolicy: 'default',
    });
  });

  it('confirms with a one-time password only when confirmWithOtp is stored as true', () => {
    expect(effectiveSettings({ confirmWithOtp: true }).confirmWithOtp).toBe(true);
    expect(effectiveSettings({ confirmWithOtp: false }).confirmWithOtp).toBe(false);
    expect(effectiveSettings({ confirmWithOtp: 'yes' as never }).confirmWithOtp).toBe(false);
  });
});
