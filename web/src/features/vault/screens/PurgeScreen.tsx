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
import { toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { usePurge } from '../api';

/**
 * マイナンバー全削除 (manual 004, manager): every record of the organization goes. The word typed and the
 * 確認用パスワード both stand between a slip and the loss of all records.
 */
export function PurgeScreen() {
  const { t } = useTranslation('vault');
  const purge = usePurge();
  const word = t('purge.word');
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [done, setDone] = useState<{ deletedEmployees: number; deletedRecords: number }>();

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
          if (typed.trim() !== word) return setErrors({ fields: { typed: t('purge.mismatch', { word }) } });
          purge.mutate(password, {
            onSuccess: setDone,
            onError: (error) => setErrors(toStepErrors(t, error)),
            onSettled: () => setPassword(''),
          });
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
        <FormGroup label={t('purge.confirmationPassword')} fieldId="vault-purge-password" isRequired>
          <TextInput
            id="vault-purge-password"
            type="password"
            autoComplete="current-password"
            isRequired
            value={password}
            onChange={(_e, v) => setPassword(v)}
            validated={errors.fields.confirmationPassword ? 'error' : 'default'}
            aria-invalid={errors.fields.confirmationPassword ? true : undefined}
            aria-describedby={errors.fields.confirmationPassword ? 'vault-purge-password-error' : undefined}
          />
          <FieldError fieldId="vault-purge-password" message={errors.fields.confirmationPassword} />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="danger" isLoading={purge.isPending} isDisabled={purge.isPending}>
            {t('purge.button')}
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
}
