import { ActionGroup, Alert, Button, Content, Form } from '@patternfly/react-core';
import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { BackToSignIn } from './back-to-sign-in';
import { PublicPage } from './public-page';

interface Values {
  loginId: string;
  secret: string;
}

/**
 * The first half of the two mailed-token procedures (パスワード再発行要求, IPアドレス変更要求): the login ID and one
 * more proof (the registered e-mail address, or the password), then a link to where the mailed token is entered.
 */
export function MailedTokenRequestPage(props: {
  title: string;
  help: string;
  secret: { name: 'email' | 'password'; label: string; type: 'email' | 'password'; autoComplete: string };
  submitLabel: string;
  requested: string;
  confirmPath: string;
  confirmLabel: string;
  send: (values: { loginId: string } & Record<'email' | 'password', string>) => Promise<unknown>;
}) {
  const { t } = useTranslation('sign-in');
  const form = useForm<Values>({ defaultValues: { loginId: '', secret: '' } });
  const request = useMutation({
    mutationFn: ({ loginId, secret }: Values) =>
      props.send({ loginId, [props.secret.name]: secret } as { loginId: string } & Record<
        'email' | 'password',
        string
      >),
  });
  const fields = fieldErrors(t, request.error);
  return (
    <PublicPage title={props.title} footer={<BackToSignIn />}>
      {request.isSuccess ? (
        <>
          <Alert variant="success" isInline title={props.requested} className="kanri-mb" />
          <Content component="p">
            <Link to={props.confirmPath}>{props.confirmLabel}</Link>
          </Content>
        </>
      ) : (
        <Form noValidate onSubmit={form.handleSubmit((values) => request.mutate(values))}>
          <Content component="p">{props.help}</Content>
          <FormError message={formError(t, request.error, fields)} />
          <TextField
            form={form}
            name="loginId"
            label={t('signIn.loginId')}
            required
            autoComplete="username"
            serverError={fields.loginId}
          />
          <TextField
            form={form}
            name="secret"
            label={props.secret.label}
            type={props.secret.type}
            required
            autoComplete={props.secret.autoComplete}
            serverError={fields[props.secret.name]}
          />
          <ActionGroup>
            <Button
              type="submit"
              variant="primary"
              isLoading={request.isPending}
              isDisabled={request.isPending}
            >
              {props.submitLabel}
            </Button>
          </ActionGroup>
        </Form>
      )}
    </PublicPage>
  );
}
