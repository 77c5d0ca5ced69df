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
  onConfirm(confirmationPassword: string | undefined): Promise<unknown>;
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
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [sending, setSending] = useState(false);

  const confirm = async () => {
    if (props.confirmationPassword && !password) {
      setErrors({ fields: { confirmationPassword: t('passwordRequired') } });
      return;
    }
    setSending(true);
    try {
      await props.onConfirm(props.confirmationPassword ? password : undefined);
      props.onClose();
    } catch (error) {
      setErrors(props.describeError ? props.describeError(error) : toStepErrors(t, error));
      setPassword('');
    } finally {
      setSending(false);
    }
  };
  const other = Object.entries(errors.fields).filter(([name]) => name !== 'confirmationPassword');

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
