import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';
import { constraintOf } from './constraints';

export { ERROR_CODES } from './messages';
export { constraintOf, type Constraint } from './constraints';

/**
 * The one mapper from Kanri's error answers to words (SPEC §12: every ErrorCode in Japanese and English).
 * `errorMessage` gives the sentence for the whole answer; `fieldErrors` the words to put next to each field.
 */
export function errorMessage(t: TFunction, error: unknown): string {
  // The browser's WebAuthn API refused or the user cancelled (a passkey ceremony, lib/passkeys.ts).
  if (error instanceof Error && ['NotAllowedError', 'AbortError', 'InvalidStateError'].includes(error.name))
    return t('errors:detail.passkeyCancelled');
  if (!isApiError(error)) return t('errors:detail.network');
  const key = `errors:codes.${error.code}`;
  let text = t(key, { defaultValue: '' }) || t('errors:detail.unknown', { code: error.code });
  const d = error.details ?? {};
  if (error.code === 'MANAGER_CAP_EXCEEDED' && typeof d.maxManagers === 'number') {
    text += ' ' + t('errors:detail.managerCap', { maxManagers: d.maxManagers, memberCount: d.memberCount });
  }
  if (error.code === 'ACCOUNT_LOCKED' && 'lockedUntil' in d) {
    text +=
      ' (' +
      (typeof d.lockedUntil === 'string'
        ? t('errors:detail.lockedUntil', { time: new Date(d.lockedUntil).toLocaleString() })
        : t('errors:detail.lockedUntilAdmin')) +
      ')';
  }
  return text;
}

/**
 * Words per field for a 400 VALIDATION_FAILED (`details.fields`), and for the codes that concern one field
 * (a wrong confirmation password goes next to that field, a wrong code next to the code). `fieldFor` lets a
 * screen say which of its fields a code belongs to when the default guess does not fit.
 */
export function fieldErrors(
  t: TFunction,
  error: unknown,
  fieldFor: Partial<Record<string, string>> = {},
): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(error.fields)) {
    out[field] = fieldWords(t, Array.isArray(messages) ? messages.map(String) : [String(messages)]);
  }
  const field = fieldFor[error.code] ?? CODE_FIELDS[error.code];
  if (field && !out[field]) out[field] = errorMessage(t, error);
  return out;
}

/**
 * The API's class-validator sentences for one field in the user's language: one phrase per constraint broken
 * (the same constraint once), with its numbers (`12 文字以内で入力してください。`).
 */
export function fieldWords(t: TFunction, messages: string[]): string {
  const words = messages.map((message) => {
    const { constraint, params } = constraintOf(message);
    return t(`errors:field.${constraint}`, params);
  });
  return [...new Set(words)].join(' ');
}

/** Where a code belongs when a screen does not say otherwise. */
const CODE_FIELDS: Record<string, string> = {
  CONFIRMATION_PASSWORD_INVALID: 'confirmationPassword',
  CONFIRMATION_PASSWORD_NOT_SET: 'confirmationPassword',
  OTP_INVALID: 'code',
  OTP_EXPIRED: 'code',
  PASSWORD_POLICY_VIOLATED: 'newPassword',
  ORGANIZATION_CODE_NOT_FOUND: 'code',
};

/** The sentence for an error not shown next to a field (or the summary above a form with field errors). */
export function formError(
  t: TFunction,
  error: unknown,
  shownOnFields: Record<string, string>,
): string | null {
  if (!error) return null;
  if (isApiError(error) && error.code === 'VALIDATION_FAILED' && Object.keys(shownOnFields).length) {
    return t('errors:detail.form');
  }
  const sentence = errorMessage(t, error);
  // A code already shown next to its field (a wrong code, a wrong confirmation password) is not repeated above.
  return Object.values(shownOnFields).includes(sentence) ? null : sentence;
}
