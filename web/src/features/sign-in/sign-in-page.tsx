import { ActionGroup, Alert, Button, Content, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { passkeysSupported, signInWithPasskey } from '../../lib/passkeys';
import { safeNext } from './next';
import { PublicPage } from './public-page';

interface Challenge {
  otpToken: string;
  method: 'email' | 'totp';
  expiresAt: string;
}

/**
 * ログイン (SPEC §3.2–§3.3): login ID and password, then — when the organization asks for it — the e-mailed
 * one-time password (with 再送信) or the authenticator's code. A forced password change follows through the
 * route guard.
 */
export function SignInPage() {
  const { t } = useTranslation('sign-in');
  const { principal, loading, refresh } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');

  const finish = async () => {
    const me = await refresh();
    if (me?.user.mustChangePassword) {
      await navigate(`/password/change?next=${encodeURIComponent(next)}`, { replace: true });
    } else {
      await navigate(next, { replace: true });
    }
  };

  if (!loading && principal && !challenge) return <Navigate to={next} replace />;

  return (
    <PublicPage
      title={challenge ? t('otp.title') : t('signIn.title')}
      footer={
        challenge ? null : (
          <Content component="p">
            <Link to="/password-reset">{t('signIn.forgot')}</Link>
            {' ・ '}
            <Link to="/ip-change">{t('signIn.ipChange')}</Link>
          </Content>
        )
      }
    >
      {reason === 'expired' ? (
        <Alert variant="warning" isInline title={t('errors:detail.sessionExpired')} className="kanri-mb" />
      ) : null}
      {reason === 'signedOut' ? (
        <Alert variant="info" isInline title={t('errors:detail.signedOut')} className="kanri-mb" />
      ) : null}
      {challenge ? (
        <OtpStep challenge={challenge} onDone={finish} onRestart={() => setChallenge(null)} />
      ) : (
        <>
          <PasswordStep onChallenge={setChallenge} onDone={finish} />
          <PasskeyStep onDone={finish} />
        </>
      )}
    </PublicPage>
  );
}

function PasswordStep({
  onChallenge,
  onDone,
}: {
  onChallenge: (c: Challenge) => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation('sign-in');
  const form = useForm<{ loginId: string; password: string }>({
    defaultValues: { loginId: '', password: '' },
  });
  const login = useMutation({
    mutationFn: async (body: { loginId: string; password: string }) =>
      unwrap(await api.POST('/api/v1/auth/login', { body })),
    onSuccess: async (result) => {
      const answer = result as unknown as Partial<Challenge> & { otpRequired?: boolean };
      if (answer.otpRequired && answer.otpToken) {
        onChallenge({
          otpToken: answer.otpToken,
          method: answer.method ?? 'email',
          expiresAt: answer.expiresAt ?? '',
        });
      } else {
        await onDone();
      }
    },
  });
  const fields = fieldErrors(t, login.error);
  return (
    <Form onSubmit={form.handleSubmit((values) => login.mutate(values))} noValidate>
      <FormError message={formError(t, login.error, fields)} />
      <TextField
        form={form}
        name="loginId"
        label={t('signIn.loginId')}
        required
        autoComplete="username"
        autoFocus
        serverError={fields.loginId}
      />
      <TextField
        form={form}
        name="password"
        label={t('signIn.password')}
        type="password"
        required
        autoComplete="current-password"
        serverError={fields.password}
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={login.isPending} isDisabled={login.isPending}>
          {t('signIn.submit')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

function OtpStep({
  challenge,
  onDone,
  onRestart,
}: {
  challenge: Challenge;
  onDone: () => Promise<void>;
  onRestart: () => void;
}) {
  const { t } = useTranslation('sign-in');
  const form = useForm<{ code: string }>({ defaultValues: { code: '' } });
  const verify = useMutation({
    mutationFn: async (code: string) =>
      unwrap(await api.POST('/api/v1/auth/otp/verify', { body: { otpToken: challenge.otpToken, code } })),
    onSuccess: onDone,
  });
  const resend = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/auth/otp/resend', { body: { otpToken: challenge.otpToken } })),
  });
  const fields = fieldErrors(t, verify.error);
  return (
    <Form onSubmit={form.handleSubmit((values) => verify.mutate(values.code.trim()))} noValidate>
      <Content component="p">{challenge.method === 'totp' ? t('otp.totpHelp') : t('otp.emailHelp')}</Content>
      <FormError message={formError(t, verify.error, fields)} />
      {resend.isSuccess ? <Alert variant="success" isInline isPlain title={t('otp.resent')} /> : null}
      {resend.isError ? <FormError message={formError(t, resend.error, {})} /> : null}
      <TextField
        form={form}
        name="code"
        label={challenge.method === 'totp' ? t('otp.totpCode') : t('otp.emailCode')}
        required
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        serverError={fields.code}
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={verify.isPending} isDisabled={verify.isPending}>
          {t('otp.submit')}
        </Button>
        {challenge.method === 'email' ? (
          <Button variant="secondary" onClick={() => resend.mutate()} isDisabled={resend.isPending}>
            {t('otp.resend')}
          </Button>
        ) : null}
        <Button variant="link" onClick={onRestart}>
          {t('otp.restart')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** パスキーでログイン (SPEC §17): no login ID; the browser offers the passkeys it holds for Kanri. */
function PasskeyStep({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useTranslation('sign-in');
  const passkey = useMutation({ mutationFn: signInWithPasskey, onSuccess: onDone });
  if (!passkeysSupported()) return null;
  return (
    <div className="kanri-mb">
      <FormError message={passkey.error ? formError(t, passkey.error, {}) : null} />
      <Button
        variant="secondary"
        isBlock
        onClick={() => passkey.mutate()}
        isLoading={passkey.isPending}
        isDisabled={passkey.isPending}
      >
        {t('signIn.passkey')}
      </Button>
    </div>
  );
}
