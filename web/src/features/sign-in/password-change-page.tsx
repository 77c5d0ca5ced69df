import { ActionGroup, Alert, Button, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { Screen } from './screen';
import { safeNext } from './next';

interface Values {
  currentPassword: string;
  newPassword: string;
  newPasswordAgain: string;
}

/**
 * パスワード変更 (SPEC §3.1): the user's own change, and the forced change (ログイン時に強制変更する) the route
 * guard sends a user to until it is done. The new password is typed twice, as the manuals ask.
 */
export function PasswordChangePage() {
  const { t } = useTranslation('sign-in');
  const { principal, refresh } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const forced = !!principal?.user.mustChangePassword;
  const form = useForm<Values>({
    defaultValues: { currentPassword: '', newPassword: '', newPasswordAgain: '' },
  });
  const change = useMutation({
    mutationFn: async ({ currentPassword, newPassword }: Values) =>
      unwrap(await api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } })),
    onSuccess: async () => {
      form.reset();
      await refresh();
      if (forced) await navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  const fields = fieldErrors(t, change.error);
  return (
    <Screen title={t('passwordChange.title')}>
      <Form
        className="kanri-narrow-form"
        noValidate
        onSubmit={form.handleSubmit((values) => {
          if (values.newPassword !== values.newPasswordAgain) {
            form.setError('newPasswordAgain', { message: t('passwordChange.mismatch') });
            return;
          }
          change.mutate(values);
        })}
      >
        {forced ? <Alert variant="warning" isInline title={t('passwordChange.forced')} /> : null}
        {change.isSuccess && !forced ? (
          <Alert variant="success" isInline title={t('passwordChange.done')} />
        ) : null}
        <FormError message={formError(t, change.error, fields)} />
        <TextField
          form={form}
          name="currentPassword"
          label={t('passwordChange.current')}
          type="password"
          required
          autoComplete="current-password"
          serverError={fields.currentPassword}
        />
        <TextField
          form={form}
          name="newPassword"
          label={t('passwordChange.new')}
          type="password"
          required
          autoComplete="new-password"
          serverError={fields.newPassword}
          helper={t('passwordChange.policy')}
        />
        <TextField
          form={form}
          name="newPasswordAgain"
          label={t('passwordChange.again')}
          type="password"
          required
          autoComplete="new-password"
        />
        <ActionGroup>
          <Button type="submit" variant="primary" isLoading={change.isPending} isDisabled={change.isPending}>
            {t('passwordChange.submit')}
          </Button>
        </ActionGroup>
      </Form>
    </Screen>
  );
}
