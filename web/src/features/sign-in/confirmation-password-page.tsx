import { ActionGroup, Alert, Button, Content, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { Screen } from './screen';

interface Values {
  password: string;
  confirmationPassword: string;
  confirmationPasswordAgain: string;
}

/** 確認用パスワード変更 (SPEC §3.1): the second secret asked on confirm steps, proven with the sign-in password. */
export function ConfirmationPasswordPage() {
  const { t } = useTranslation('sign-in');
  const form = useForm<Values>({
    defaultValues: { password: '', confirmationPassword: '', confirmationPasswordAgain: '' },
  });
  const save = useMutation({
    mutationFn: async ({ password, confirmationPassword }: Values) =>
      unwrap(
        await api.PUT('/api/v1/auth/confirmation-password', { body: { password, confirmationPassword } }),
      ),
    onSuccess: () => form.reset(),
  });
  const fields = fieldErrors(t, save.error, { INVALID_CREDENTIALS: 'password' });
  return (
    <Screen title={t('confirmationPassword.title')}>
      <Form
        className="kanri-narrow-form"
        noValidate
        onSubmit={form.handleSubmit((values) => {
          if (values.confirmationPassword !== values.confirmationPasswordAgain) {
            form.setError('confirmationPasswordAgain', { message: t('passwordChange.mismatch') });
            return;
          }
          save.mutate(values);
        })}
      >
        <Content component="p">{t('confirmationPassword.help')}</Content>
        {save.isSuccess ? <Alert variant="success" isInline title={t('confirmationPassword.done')} /> : null}
        <FormError message={formError(t, save.error, fields)} />
        <TextField
          form={form}
          name="password"
          label={t('confirmationPassword.signInPassword')}
          type="password"
          required
          autoComplete="current-password"
          serverError={fields.password}
        />
        <TextField
          form={form}
          name="confirmationPassword"
          label={t('confirmationPassword.new')}
          type="password"
          required
          autoComplete="new-password"
          serverError={fields.confirmationPassword}
        />
        <TextField
          form={form}
          name="confirmationPasswordAgain"
          label={t('confirmationPassword.again')}
          type="password"
          required
          autoComplete="new-password"
        />
        <ActionGroup>
          <Button type="submit" variant="primary" isLoading={save.isPending} isDisabled={save.isPending}>
            {t('confirmationPassword.submit')}
          </Button>
        </ActionGroup>
      </Form>
    </Screen>
  );
}
