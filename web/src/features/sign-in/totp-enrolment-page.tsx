import { ActionGroup, Alert, Button, Content, Form, Label } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { Screen } from './screen';

/**
 * 2要素認証設定 (SPEC §3.3): a new secret shown once as a QR code (a data: image, allowed by the console's CSP)
 * and as text for manual entry, then a current code from the authenticator turns it on.
 */
export function TotpEnrolmentPage() {
  const { t } = useTranslation('sign-in');
  const { principal, refresh } = useAuth();
  const setup = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/totp/setup')),
  });
  const form = useForm<{ code: string }>({ defaultValues: { code: '' } });
  const activate = useMutation({
    mutationFn: async (code: string) =>
      unwrap(await api.POST('/api/v1/auth/totp/activate', { body: { code } })),
    onSuccess: async () => {
      setup.reset();
      form.reset();
      await refresh();
    },
  });
  const fields = fieldErrors(t, activate.error);
  const enabled = !!principal?.user.status.twoFactorEnabled;
  return (
    <Screen title={t('totp.title')}>
      <Content component="p">
        {t('totp.status')}{' '}
        <Label color={enabled ? 'green' : 'grey'}>{enabled ? t('totp.enabled') : t('totp.disabled')}</Label>
      </Content>
      {activate.isSuccess ? (
        <Alert variant="success" isInline title={t('totp.activated')} className="kanri-mb" />
      ) : null}
      {!setup.data ? (
        <>
          <Content component="p">{t('totp.intro')}</Content>
          <FormError message={setup.error ? formError(t, setup.error, {}) : null} />
          <Button
            variant="primary"
            onClick={() => setup.mutate()}
            isLoading={setup.isPending}
            isDisabled={setup.isPending}
          >
            {enabled ? t('totp.restart') : t('totp.start')}
          </Button>
        </>
      ) : (
        <Form
          className="kanri-narrow-form"
          noValidate
          onSubmit={form.handleSubmit((v) => activate.mutate(v.code.trim()))}
        >
          <Content component="p">{t('totp.scan')}</Content>
          <img className="kanri-qr" src={setup.data.qrCodeDataUrl} alt={t('totp.qrAlt')} />
          <Content component="dl">
            <Content component="dt">{t('totp.secret')}</Content>
            <Content component="dd">
              <code className="kanri-secret" aria-label={t('totp.secret')}>
                {setup.data.secret}
              </code>
            </Content>
          </Content>
          <FormError message={formError(t, activate.error, fields)} />
          <TextField
            form={form}
            name="code"
            label={t('totp.code')}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            serverError={fields.code}
          />
          <ActionGroup>
            <Button
              type="submit"
              variant="primary"
              isLoading={activate.isPending}
              isDisabled={activate.isPending}
            >
              {t('totp.activate')}
            </Button>
          </ActionGroup>
        </Form>
      )}
    </Screen>
  );
}
