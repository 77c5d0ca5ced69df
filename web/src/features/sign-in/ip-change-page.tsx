import { ActionGroup, Alert, Button, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { BackToSignIn } from './back-to-sign-in';
import { MailedTokenRequestPage } from './request-form';
import { PublicPage } from './public-page';

/** IPアドレス変更要求 (SPEC §3.5): proves the password and mails a token that allows this address. */
export function IpChangeRequestPage() {
  const { t } = useTranslation('sign-in');
  return (
    <MailedTokenRequestPage
      title={t('ipChange.requestTitle')}
      help={t('ipChange.requestHelp')}
      secret={{
        name: 'password',
        label: t('signIn.password'),
        type: 'password',
        autoComplete: 'current-password',
      }}
      submitLabel={t('ipChange.requestSubmit')}
      requested={t('ipChange.requested')}
      confirmPath="/ip-change/confirm"
      confirmLabel={t('ipChange.toConfirm')}
      send={async ({ loginId, password }) =>
        unwrap(await api.POST('/api/v1/auth/ip-change/request', { body: { loginId, password } }))
      }
    />
  );
}

/** IPアドレス変更の確認: the mailed token adds the requesting address to the user's allowed IPs. */
export function IpChangeConfirmPage() {
  const { t } = useTranslation('sign-in');
  const [params] = useSearchParams();
  const form = useForm<{ token: string }>({ defaultValues: { token: params.get('token') ?? '' } });
  const confirm = useMutation({
    mutationFn: async (token: string) =>
      unwrap(await api.POST('/api/v1/auth/ip-change/confirm', { body: { token } })),
  });
  const fields = fieldErrors(t, confirm.error, { AUTH_TOKEN_INVALID: 'token' });
  return (
    <PublicPage title={t('ipChange.confirmTitle')} footer={<BackToSignIn />}>
      {confirm.isSuccess ? (
        <Alert variant="success" isInline title={t('ipChange.done')} />
      ) : (
        <Form noValidate onSubmit={form.handleSubmit((values) => confirm.mutate(values.token.trim()))}>
          <FormError message={formError(t, confirm.error, fields)} />
          <TextField
            form={form}
            name="token"
            label={t('ipChange.token')}
            required
            autoComplete="off"
            serverError={fields.token}
          />
          <ActionGroup>
            <Button
              type="submit"
              variant="primary"
              isLoading={confirm.isPending}
              isDisabled={confirm.isPending}
            >
              {t('ipChange.confirmSubmit')}
            </Button>
          </ActionGroup>
        </Form>
      )}
    </PublicPage>
  );
}
