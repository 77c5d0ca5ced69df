import type { EffectiveOrganizationSettings } from '../../organizations/organization-settings';
import type { OtpMethod } from './user-otp.entity';

/**
 * Which second factor a sign-in needs (SPEC §3.3, last point), from the organization setting and the user:
 * - `off`: none, even for users who enrolled an authenticator app;
 * - `optional` (default): TOTP for users who enrolled one, nothing for the others;
 * - `required`: TOTP for users who enrolled one; the others get an emailed code. With `otpMethod: totp` the
 *   organization expects everyone to enrol an app, but until a user has, the emailed code stands in so nobody is
 *   shut out of the setup screen; a user with neither an app nor an email address cannot sign in.
 */
export function secondFactorFor(
  user: { twoFactorEnabled: boolean; email: string | null },
  settings: Pick<EffectiveOrganizationSettings, 'otpRequirement'>,
): OtpMethod | 'unavailable' | null {
  if (settings.otpRequirement === 'off') return null;
  if (user.twoFactorEnabled) return 'totp';
  if (settings.otpRequirement === 'optional') return null;
  return user.email ? 'email' : 'unavailable';
}
