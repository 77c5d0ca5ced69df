import { useState } from 'react';
import './i18n';
import { FormGroup, FormHelperText, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { FieldError } from '../../lib/errors/fields';
import { passkeyStepUp } from '../../lib/passkeys';
import type { Confirmation, StepErrors } from './confirmation-types';
import { toStepErrors } from './errors';
import { isOtpRefusal, placeOtpError, useConfirmWithOtp } from './otp';

/**
 * The confirmation of a confirm operation, the one place for its rules: on the confirm step (ConfirmStep, under the
 * 入力内容確認 table), in the confirmation popup (BulkConfirmDialog), and on the forms that keep it beside their other
 * fields: the upload forms (ユーザーインポート, マイナンバー取込, 振込先・請求先の取込, 依頼（ファイル受付）), where
 * the file and the answer go up in one multipart body (appendConfirmation), and the one-page JSON forms
 * (マイナンバーエクスポート, マイナンバー全削除), which spread the answer into their body as the confirm step does. It
 * holds the 確認用パスワード, the ワンタイムパスワード where the organization sets `confirmWithOtp` (or once the API
 * asked for it), or — where it requires a passkey step-up — no field at all and a step-up taken when the form is
 * sent. The values live in this state only (never the URL or browser storage) and are cleared after every attempt.
 */
export interface ConfirmationAnswer {
  /** The organization confirms with a passkey step-up: no fields are shown. */
  byPasskey: boolean;
  /** The ワンタイムパスワード field is shown and required. */
  withOtp: boolean;
  password: string;
  setPassword(value: string): void;
  otp: string;
  setOtp(value: string): void;
  /** The browser-side check: words for each empty field that is required. */
  missing(): Record<string, string>;
  /** What to send (the passkey step-up happens here, so its token is fresh for this one request). */
  answer(): Promise<Confirmation>;
  /**
   * A refusal in words: `described` (the screen's own reading, the error mapper's by default) with the one-time
   * password's refusals moved next to its field — which also appears from then on.
   */
  describe(error: unknown, described?: StepErrors): StepErrors;
  /** Forgets the typed values (after every attempt, successful or not). */
  clear(): void;
}

/**
 * `required` is false where the operation needs no confirmation (a confirmation popup of a plain action): then no
 * field is asked for, nothing is missing, the answer is empty and refusals are left as described.
 */
export function useConfirmationAnswer(required = true): ConfirmationAnswer {
  const { t } = useTranslation('confirm');
  const { principal } = useAuth();
  const byPasskey = required && !!principal?.passkeyStepUp;
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [otpAsked, setOtpAsked] = useState(false);
  const withFields = required && !byPasskey;
  const otpSetting = useConfirmWithOtp(withFields);
  const withOtp = withFields && (otpSetting || otpAsked);
  return {
    byPasskey,
    withOtp,
    password,
    setPassword,
    otp,
    setOtp,
    missing: () =>
      !withFields
        ? {}
        : {
            ...(!password ? { confirmationPassword: t('passwordRequired') } : {}),
            ...(withOtp && !otp.trim() ? { otp: t('otpRequired') } : {}),
          },
    answer: async () =>
      !required
        ? {}
        : byPasskey
          ? { stepUpToken: await passkeyStepUp() }
          : withOtp
            ? { confirmationPassword: password, otp: otp.trim() }
            : { confirmationPassword: password },
    describe: (error, described = toStepErrors(t, error)) => {
      if (isOtpRefusal(error) && withFields) setOtpAsked(true);
      return withFields ? placeOtpError(t, error, described) : described;
    },
    clear: () => {
      setPassword('');
      setOtp('');
    },
  };
}

/**
 * Puts the answer into an upload's multipart body as the API reads it (`confirmationPassword`, `otp`, `stepUpToken`:
 * text fields beside `file`, checked by the confirmed-upload interceptor exactly as a confirm route's body is).
 */
export function appendConfirmation(form: FormData, confirmation: Confirmation): void {
  if (confirmation.confirmationPassword)
    form.append('confirmationPassword', confirmation.confirmationPassword);
  if (confirmation.otp) form.append('otp', confirmation.otp);
  if (confirmation.stepUpToken) form.append('stepUpToken', confirmation.stepUpToken);
}

export interface ConfirmationFieldsProps {
  /** The prefix of the inputs' ids: `${id}-password`, `${id}-otp`. */
  id: string;
  confirmation: ConfirmationAnswer;
  /** The form's errors; `confirmationPassword` and `otp` are shown under their fields. */
  errors: StepErrors;
}

/**
 * The 確認用パスワード and, where the organization confirms with one, the ワンタイムパスワード of the confirm step or of
 * a form that confirms in place, each with its error in words under it. Nothing where a passkey step-up confirms
 * instead (the screen says in its own words when the step-up comes: 確定 or はい).
 */
export function ConfirmationFields({ id, confirmation, errors }: ConfirmationFieldsProps) {
  const { t } = useTranslation('confirm');
  if (confirmation.byPasskey) return null;
  const passwordError = errors.fields.confirmationPassword;
  const otpError = errors.fields.otp;
  return (
    <>
      <FormGroup label={t('confirmationPassword')} fieldId={`${id}-password`} isRequired>
        <TextInput
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          isRequired
          value={confirmation.password}
          onChange={(_e, v) => confirmation.setPassword(v)}
          validated={passwordError ? 'error' : 'default'}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? `${id}-password-error` : undefined}
        />
        <FieldError fieldId={`${id}-password`} message={passwordError} />
      </FormGroup>
      {confirmation.withOtp && (
        <FormGroup label={t('otp')} fieldId={`${id}-otp`} isRequired>
          <TextInput
            id={`${id}-otp`}
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            isRequired
            value={confirmation.otp}
            onChange={(_e, v) => confirmation.setOtp(v)}
            validated={otpError ? 'error' : 'default'}
            aria-invalid={otpError ? true : undefined}
            aria-describedby={otpError ? `${id}-otp-error` : `${id}-otp-help`}
          />
          {otpError ? (
            <FieldError fieldId={`${id}-otp`} message={otpError} />
          ) : (
            <FormHelperText>
              <HelperText>
                <HelperTextItem id={`${id}-otp-help`}>{t('otpHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          )}
        </FormGroup>
      )}
    </>
  );
}
