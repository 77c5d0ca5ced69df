import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import {
  toStepErrors,
  type StepErrors,
  ConfirmationFields,
  useConfirmationAnswer,
} from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { usePurge } from '../api';

/**
 * マイナンバー全削除 (manual 004, manager): every record of the organization goes. The word typed and the
 * confirmation (the shared fields: 確認用パスワード, the ワンタイムパスワード where the organization confirms with one,
 * or a passkey step-up where it requires that instead) both stand between a slip and the loss of all records.
 */
export function PurgeScreen() {
  const { t } = useTranslation('vault');
  const purge = usePurge();
  const confirmation = useConfirmationAnswer();
  const word = t('purge.word');
  const [typed, setTyped] = useState('');
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [done, setDone] = useState<{ deletedEmployees: number; deletedRecords: number }>();

  const submit = async () => {
    const local: Record<string, string> = { ...confirmation.missing() };
    if (typed.trim() !== word) local.typed = t('purge.mismatch', { word });
    if (Object.keys(local).length) return setErrors({ fields: local });
    try {
      setDone(await purge.mutateAsync(await confirmation.answer()));
    } catch (error) {
      setErrors(confirmation.describe(error, toStepErrors(t, error)));
    } finally {
      confirmation.clear();
    }
  };

  if (done) {
    return (
      <PageSection>
        <Title headingLevel="h1">{t('purge.title')}</Title>
        <Alert
          variant="success"
          isInline
          title={t('purge.done', { employees: done.deletedEmployees, records: done.deletedRecords })}
        />
      </PageSection>
    );
  }
  return (
    <PageSection>
      <Title headingLevel="h1">{t('purge.title')}</Title>
      <Alert variant="warning" isInline title={t('purge.lead')} />
      <Form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FormError message={errors.form} />
        <FormGroup label={t('purge.typeLabel', { word })} fieldId="vault-purge-word" isRequired>
          <TextInput
            id="vault-purge-word"
            isRequired
            autoComplete="off"
            value={typed}
            onChange={(_e, v) => setTyped(v)}
            validated={errors.fields.typed ? 'error' : 'default'}
            aria-invalid={errors.fields.typed ? true : undefined}
            aria-describedby={errors.fields.typed ? 'vault-purge-word-error' : undefined}
          />
          <FieldError fieldId="vault-purge-word" message={errors.fields.typed} />
        </FormGroup>
        <ConfirmationFields id="vault-purge" confirmation={confirmation} errors={errors} />
        <ActionGroup>
          <Button type="submit" variant="danger" isLoading={purge.isPending} isDisabled={purge.isPending}>
            {t('purge.button')}
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
}
