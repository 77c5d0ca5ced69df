import { ActionGroup, Alert, Button, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { BackToSignIn } from './back-to-sign-in';
import { PublicPage } from './public-page';
import { MailedTokenRequestPage } from './request-form';

/** パスワード再発行要求 (SPEC §3.5): always answered the same way, so it tells nobody whether the pair matched. */
export function PasswordResetRequestPage() {
  const { t } = useTranslation('sign-in');
  return (
    <MailedTokenRequestPage
      title={t('reset.requestTitle')}
      help={t('reset.requestHelp')}
      secret={{ name: 'email', label: t('reset.email'), type: 'email', autoComplete: 'email' }}
      submitLabel={t('reset.requestSubmit')}
      requested={t('reset.requested')}
      confirmPath="/password-reset/confirm"
      confirmLabel={t('reset.toConfirm')}
      send={async ({ loginId, email }) =>
        unwrap(await api.POST('/api/v1/auth/password-reset/request', { body: { loginId, email } }))
      }
    />
  );
}

/** パスワード再発行: the token from the mail and the new password (twice); every session of the user ends. */
export function PasswordResetConfirmPage() {
  const { t } = useTranslation('sign-in');
  const [params] = useSearchParams();
  const form = useForm<{ token: string; newPassword: string; newPasswordAgain: string }>({
    defaultValues: { token: params.get('token') ?? '', newPassword: '', newPasswordAgain: '' },
  });
  const confirm = useMutation({
    mutationFn: async (body: { token: string; newPassword: string }) =>
      unwrap(await api.POST('/api/v1/auth/password-reset/confirm', { body })),
  });
  const fields = fieldErrors(t, confirm.error, { AUTH_TOKEN_INVALID: 'token' });
  return (
    <PublicPage title={t('reset.confirmTitle')} footer={<BackToSignIn />}>
      {confirm.isSuccess ? (
        <Alert variant="success" isInline title={t('reset.done')} />
      ) : (
        <Form
          noValidate
          onSubmit={form.handleSubmit((values) => {
            if (values.newPassword !== values.newPasswordAgain) {
              form.setError('newPasswordAgain', { message: t('passwordChange.mismatch') });
              return;
            }
            confirm.mutate({ token: values.token.trim(), newPassword: values.newPassword });
          })}
        >
          <FormError message={formError(t, confirm.error, fields)} />
          <TextField
            form={form}
            name="token"
            label={t('reset.token')}
            required
            autoComplete="off"
            serverError={fields.token}
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
            <Button
              type="submit"
              variant="primary"
              isLoading={confirm.isPending}
              isDisabled={confirm.isPending}
            >
              {t('reset.confirmSubmit')}
            </Button>
          </ActionGroup>
        </Form>
      )}
    </PublicPage>
  );
}
