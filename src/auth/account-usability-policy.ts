import { businessDate } from '@kanri/common/clock/business-date';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { User } from '../users/user.entity';

/**
 * SPEC §3.2 step 5: whether an account may sign in today. The usage stop date is inclusive: the user can sign in
 * through that date and is refused from 00:00 of the next day in APP_TIMEZONE.
 */
export function accountUnusableReason(
  user: Pick<User, 'isDisabled' | 'isProvisional' | 'validFrom' | 'validTo' | 'usageStopDate'>,
  now: Date,
  timeZone: string,
): { code: ErrorCode; message: string } | null {
  if (user.isDisabled) return { code: ErrorCode.AccountDisabled, message: 'This account is disabled' };
  if (user.isProvisional)
    return {
      code: ErrorCode.AccountProvisional,
      message: 'This account is provisional and cannot sign in yet',
    };
  // Stryker disable next-line ConditionalExpression: a shortcut; with no date set the checks below answer null too
  if (!user.validFrom && !user.validTo && !user.usageStopDate) return null;
  const today = businessDate(now, timeZone);
  if ((user.validFrom && today < user.validFrom) || (user.validTo && today > user.validTo)) {
    return { code: ErrorCode.AccountExpired, message: 'This account is outside its validity period' };
  }
  if (user.usageStopDate && today > user.usageStopDate)
    return { code: ErrorCode.AccountStopped, message: 'This account has passed its usage stop date' };
  return null;
}
