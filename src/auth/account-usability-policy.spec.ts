import { ErrorCode } from '@kanri/common/errors/error-code';
import { accountUnusableReason } from './account-usability-policy';

const usable = {
  isDisabled: false,
  isProvisional: false,
  validFrom: null,
  validTo: null,
  usageStopDate: null,
};
const tokyo = 'Asia/Tokyo';

describe('accountUnusableReason (SPEC §3.2 step 5)', () => {
  it('lets an ordinary account in', () => {
    expect(accountUnusableReason(usable, new Date('2026-11-22T03:00:00Z'), tokyo)).toBeNull();
  });

  it('refuses disabled, then provisional accounts', () => {
    expect(
      accountUnusableReason({ ...usable, isDisabled: true, isProvisional: true }, new Date(), tokyo)?.code,
    ).toBe(ErrorCode.AccountDisabled);
    expect(accountUnusableReason({ ...usable, isProvisional: true }, new Date(), tokyo)?.code).toBe(
      ErrorCode.AccountProvisional,
    );
  });

  it('allows sign-in through the usage stop date and refuses from 00:00 Tokyo of the next day', () => {
    const stopped = { ...usable, usageStopDate: '2026-11-22' };
    expect(accountUnusableReason(stopped, new Date('2026-11-22T14:59:59Z'), tokyo)).toBeNull(); // 23:59:59 JST
    expect(accountUnusableReason(stopped, new Date('2026-11-22T15:00:00Z'), tokyo)?.code).toBe(
      ErrorCode.AccountStopped,
    ); // 00:00 JST
  });

  it('applies the validity period inclusively', () => {
    const period = { ...usable, validFrom: '2026-11-22', validTo: '2026-11-30' };
    expect(accountUnusableReason(period, new Date('2026-11-21T14:59:59Z'), tokyo)?.code).toBe(
      ErrorCode.AccountExpired,
    );
    expect(accountUnusableReason(period, new Date('2026-11-21T15:00:00Z'), tokyo)).toBeNull();
    expect(accountUnusableReason(period, new Date('2026-11-30T14:59:59Z'), tokyo)).toBeNull();
    expect(accountUnusableReason(period, new Date('2026-11-30T15:00:00Z'), tokyo)?.code).toBe(
      ErrorCode.AccountExpired,
    );
  });

  it('applies each bound of the validity period on its own', () => {
    const noon = new Date('2026-11-22T03:00:00Z'); // 2026-11-22 12:00 JST
    expect(accountUnusableReason({ ...usable, validFrom: '2026-11-23' }, noon, tokyo)?.code).toBe(
      ErrorCode.AccountExpired,
    );
    expect(accountUnusableReason({ ...usable, validFrom: '2026-11-22' }, noon, tokyo)).toBeNull();
    expect(accountUnusableReason({ ...usable, validTo: '2026-11-21' }, noon, tokyo)?.code).toBe(
      ErrorCode.AccountExpired,
    );
    expect(accountUnusableReason({ ...usable, validTo: '2026-11-22' }, noon, tokyo)).toBeNull();
    expect(accountUnusableReason({ ...usable, usageStopDate: '2026-11-21' }, noon, tokyo)?.code).toBe(
      ErrorCode.AccountStopped,
    );
    expect(accountUnusableReason({ ...usable, usageStopDate: '2026-11-22' }, noon, tokyo)).toBeNull();
  });

  it('counts the day in the organization’s time zone, not UTC', () => {
    // 2026-11-22 20:00 UTC is already 2026-11-23 in Tokyo.
    const evening = new Date('2026-11-22T20:00:00Z');
    expect(accountUnusableReason({ ...usable, usageStopDate: '2026-11-22' }, evening, tokyo)?.code).toBe(
      ErrorCode.AccountStopped,
    );
    expect(accountUnusableReason({ ...usable, usageStopDate: '2026-11-22' }, evening, 'UTC')).toBeNull();
  });

  it('reports a validity period before a usage stop date', () => {
    const noon = new Date('2026-11-22T03:00:00Z');
    expect(
      accountUnusableReason({ ...usable, validTo: '2026-11-01', usageStopDate: '2026-11-01' }, noon, tokyo)
        ?.code,
    ).toBe(ErrorCode.AccountExpired);
  });
});
