import { useState } from 'react';
import './i18n';
import { Alert, Button, Form, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { ConfirmationFields, useConfirmationAnswer } from './ConfirmationFields';
import type { Confirmation, StepErrors } from './confirmation-types';

export interface BulkConfirmDialogProps {
  /** e.g. ユーザー一括無効化. */
  title: string;
  /** The sentence naming what happens and to how many, e.g. 3 名のユーザーを無効化します。 */
  message: string;
  /**
   * A confirm operation (the API marks it "confirm"): ask for the 確認用パスワード (and the ワンタイムパスワード where
   * the organization confirms with one), or take a passkey step-up on はい where the organization requires one.
   */
  confirmationPassword: boolean;
  /** Destructive actions get a red button. */
  danger?: boolean;
  /**
   * Does the action; `confirmation` (undefined for operations that need none) is spread into the request body, as
   * the confirm step's is: `confirmationPassword` with `otp` where asked, or `stepUpToken`.
   */
  onConfirm(confirmation: Confirmation | undefined): Promise<unknown>;
  /** Turns a refusal into words; the console's error mapper (toStepErrors) when left out. */
  describeError?(error: unknown): StepErrors;
  onClose(): void;
}

/**
 * The confirmation popup of a destructive or bulk action (the manual's 確認ポップアップ, はい / いいえ), naming how
 * many users it touches. For a confirm operation it confirms under the confirm step's rules, through the same
 * fields and hook as the forms that confirm in place (ConfirmationFields, useConfirmationAnswer): the
 * 確認用パスワード, the ワンタイムパスワード where the organization sets `confirmWithOtp`, or — where it requires a
 * passkey step-up — no field and a step-up taken when はい is pressed. Stays open with the reason when the API
 * refuses.
 */
export function BulkConfirmDialog(props: BulkConfirmDialogProps) {
  const { t } = useTranslation('confirm');
  const confirmation = useConfirmationAnswer(props.confirmationPassword);
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [sending, setSending] = useState(false);

  const confirm = async () => {
    const missing = confirmation.missing();
    if (Object.keys(missing).length > 0) {
      setErrors({ fields: missing });
      return;
    }
    setSending(true);
    try {
      // The step-up happens here, at はい, so that its token is fresh and serves this one request.
      await props.onConfirm(props.confirmationPassword ? await confirmation.answer() : undefined);
      props.onClose();
    } catch (error) {
      setErrors(confirmation.describe(error, props.describeError?.(error)));
      confirmation.clear();
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
        {confirmation.byPasskey && <p>{t('passkeyLeadDialog')}</p>}
        {props.confirmationPassword && !confirmation.byPasskey && (
          <Form
            id="bulk-confirm-form"
            onSubmit={(e) => {
              e.preventDefault();
              void confirm();
            }}
          >
            <ConfirmationFields id="bulk-confirmation" confirmation={confirmation} errors={errors} />
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
