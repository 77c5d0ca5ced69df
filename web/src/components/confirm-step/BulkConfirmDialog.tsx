import { useState } from 'react';
import './i18n';
import {
  Alert,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { toStepErrors } from './errors';
import { isOtpRefusal, placeOtpError, useConfirmWithOtp } from './otp';
import type { StepErrors } from './ConfirmStep';

export interface BulkConfirmDialogProps {
  /** e.g. ユーザー一括無効化. */
  title: string;
  /** The sentence naming what happens and to how many, e.g. 3 名のユーザーを無効化します。 */
  message: string;
  /** Ask for the 確認用パスワード (the API marks the operation "confirm"). */
  confirmationPassword: boolean;
  /** Destructive actions get a red button. */
  danger?: boolean;
  /**
   * `otp` is the current authenticator code where the organization confirms with a one-time password
   * (confirmWithOtp); send it with the password.
   */
  onConfirm(confirmationPassword: string | undefined, otp?: string): Promise<unknown>;
  /** Turns a refusal into words; the console's error mapper (toStepErrors) when left out. */
  describeError?(error: unknown): StepErrors;
  onClose(): void;
}

/**
 * The confirmation popup of a destructive or bulk action (the manual's 確認ポップアップ, はい / いいえ), naming how
 * many users it touches, with the 確認用パスワード when the operation needs it. Stays open with the reason when the
 * API refuses.
 */
export function BulkConfirmDialog(props: BulkConfirmDialogProps) {
  const { t } = useTranslation('confirm');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [otpAsked, setOtpAsked] = useState(false);
  const otpSetting = useConfirmWithOtp(props.confirmationPassword);
  const withOtp = props.confirmationPassword && (otpSetting || otpAsked);
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [sending, setSending] = useState(false);

  const confirm = async () => {
    if (props.confirmationPassword && (!password || (withOtp && !otp.trim()))) {
      setErrors({
        fields: {
          ...(!password ? { confirmationPassword: t('passwordRequired') } : {}),
          ...(withOtp && !otp.trim() ? { otp: t('otpRequired') } : {}),
        },
      });
      return;
    }
    setSending(true);
    try {
      if (!props.confirmationPassword) await props.onConfirm(undefined);
      else if (withOtp) await props.onConfirm(password, otp.trim());
      else await props.onConfirm(password);
      props.onClose();
    } catch (error) {
      const described = props.describeError ? props.describeError(error) : toStepErrors(t, error);
      if (isOtpRefusal(error)) setOtpAsked(true);
      setErrors(props.confirmationPassword ? placeOtpError(t, error, described) : described);
      setPassword('');
      setOtp('');
    } finally {
      setSending(false);
    }
  };
  const other = Object.entries(errors.fields).filter(
    ([name]) => name !== 'confirmationPassword' && name !== 'otp',
  );

  return (
    <Modal
      isOpen
      variant="small"
      onClose={props.onClose}
      aria-labelledby="bulk-confirm-title"
      aria-describedby="bulk-confirm-message"
    >
      <ModalHeader
        title={props.title}
        labelId="bulk-confirm-title"
        titleIconVariant={props.danger ? 'warning' : undefined}
      />
      <ModalBody>
        <p id="bulk-confirm-message">{props.message}</p>
        {errors.form && <Alert variant="danger" isInline title={errors.form} role="alert" />}
        {other.map(([name, message]) => (
          <Alert key={name} variant="danger" isInline title={message} role="alert" />
        ))}
        {props.confirmationPassword && (
          <Form
            id="bulk-confirm-form"
            onSubmit={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            <FormGroup label={t('confirmationPassword')} isRequired fieldId="bulk-confirmation-password">
              <TextInput
                id="bulk-confirmation-password"
                type="password"
                autoComplete="current-password"
                isRequired
                value={password}
                onChange={(_e, v) => setPassword(v)}
                validated={errors.fields.confirmationPassword ? 'error' : 'default'}
              />
              {errors.fields.confirmationPassword && (
                <FormHelperText>
                  <HelperText>
                    <HelperTextItem variant="error">{errors.fields.confirmationPassword}</HelperTextItem>
                  </HelperText>
                </FormHelperText>
              )}
            </FormGroup>
            {withOtp && (
              <FormGroup label={t('otp')} isRequired fieldId="bulk-confirmation-otp">
                <TextInput
                  id="bulk-confirmation-otp"
                  type="text"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  isRequired
                  value={otp}
                  onChange={(_e, v) => setOtp(v)}
                  validated={errors.fields.otp ? 'error' : 'default'}
                  aria-invalid={errors.fields.otp ? true : undefined}
                  aria-describedby="bulk-confirmation-otp-help"
                />
                <FormHelperText>
                  <HelperText id="bulk-confirmation-otp-help">
                    <HelperTextItem variant={errors.fields.otp ? 'error' : 'default'}>
                      {errors.fields.otp ?? t('otpHelp')}
                    </HelperTextItem>
                  </HelperText>
                </FormHelperText>
              </FormGroup>
            )}
          </Form>
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          variant={props.danger ? 'danger' : 'primary'}
          onClick={() => void confirm()}
          isLoading={sending}
          isDisabled={sending}
        >
          {t('yes')}
        </Button>
        <Button variant="link" onClick={props.onClose}>
          {t('no')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
