import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { errorMessage } from '../../lib/errors';
import type { StepErrors } from './confirmation-types';

/**
 * The signed-in member's organization as `GET /organizations/{orgId}` answers it (every setting with its default
 * filled in). Any member may read it; a screen that changes the settings writes its answer back under this key,
 * so the confirm steps learn the new `confirmWithOtp` at once.
 */
export const organizationKey = (orgId: string) => ['organization', orgId] as const;

export interface OrganizationSettingsView {
  settings: { confirmWithOtp: boolean; passkeyStepUp: boolean };
}

/**
 * ワンタイムパスワード利用企業: whether the organization's confirmations also need a current authenticator code
 * (`confirmWithOtp`). Read only where a confirmation is asked for (`enabled`).
 */
export function useConfirmWithOtp(enabled: boolean): boolean {
  const { orgId } = useAuth();
  const organization = useQuery({
    queryKey: organizationKey(orgId ?? ''),
    enabled: enabled && !!orgId,
    staleTime: 30_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}', { params: { path: { orgId: orgId ?? '' } } }),
      ) as unknown as OrganizationSettingsView,
  });
  return enabled && organization.data?.settings.confirmWithOtp === true;
}

/** The refusals that concern the one-time password: shown under its field. */
const OTP_CODES = new Set(['OTP_REQUIRED', 'OTP_INVALID', 'OTP_LOCKED', 'TOTP_NOT_ENROLLED']);

export function isOtpRefusal(error: unknown): boolean {
  return isApiError(error) && OTP_CODES.has(error.code);
}

/** Puts a one-time-password refusal under the `otp` field (the generic mapper would file OTP_INVALID as `code`). */
export function placeOtpError(t: TFunction, error: unknown, errors: StepErrors): StepErrors {
  if (!isOtpRefusal(error)) return errors;
  const message = errorMessage(t, error);
  const fields = Object.fromEntries(Object.entries(errors.fields).filter(([name]) => name !== 'code'));
  return { fields: { ...fields, otp: message }, form: errors.form === message ? undefined : errors.form };
}
