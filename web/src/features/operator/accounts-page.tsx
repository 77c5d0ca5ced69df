import { ActionGroup, Alert, Button, Checkbox, Form, Label } from '@patternfly/react-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DataTable, formatDateTime, useListState, type Column } from '../../components/data-table';
import { errorMessage, fieldErrors, formError } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';
import { Screen } from '../sign-in/screen';

interface AccountRow {
  id: string;
  loginId: string;
  familyName: string | null;
  givenName: string | null;
  email: string | null;
  organizationId: string | null;
  isSystemOperator: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

interface NewAccount {
  loginId: string;
  familyName: string;
  givenName: string;
  email: string;
  password: string;
  confirmationPassword: string;
  mustChangePassword: boolean;
}

const ACCOUNTS_KEY = ['operator', 'accounts'] as const;

/**
 * アカウント管理 (system operator): every account, and アカウント作成 — an account outside any organization, which
 * then issues an organization code (and becomes its first manager) or joins one with a code.
 */
export function AccountsPage() {
  const { t } = useTranslation('operator');
  const list = useListState({ sort: 'loginId' });
  const { page, perPage } = list.state;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const accounts = useQuery({
    queryKey: [...ACCOUNTS_KEY, { page, perPage }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { page, perPage } } })) as unknown as {
        items: AccountRow[];
        total: number;
      },
    placeholderData: (previous) => previous,
  });
  const columns: Column<AccountRow>[] = [
    { key: 'loginId', header: t('accounts.loginId'), cell: (a) => a.loginId },
    {
      key: 'name',
      header: t('accounts.name'),
      cell: (a) => [a.familyName, a.givenName].filter(Boolean).join(' '),
    },
    { key: 'email', header: t('accounts.email'), cell: (a) => a.email ?? '' },
    {
      key: 'state',
      header: t('accounts.state'),
      cell: (a) => (
        <>
          {a.isSystemOperator ? <Label color="purple">{t('accounts.operator')}</Label> : null}{' '}
          {a.organizationId || a.isSystemOperator ? null : (
            <Label color="grey">{t('accounts.noOrganization')}</Label>
          )}{' '}
          {a.mustChangePassword ? <Label color="orange">{t('accounts.mustChange')}</Label> : null}
        </>
      ),
    },
    { key: 'lastLoginAt', header: t('accounts.lastLoginAt'), cell: (a) => formatDateTime(a.lastLoginAt) },
  ];
  return (
    <Screen title={t('accounts.title')}>
      {created ? (
        <Alert
          variant="success"
          isInline
          title={t('accounts.created', { loginId: created })}
          className="kanri-mb"
        />
      ) : null}
      {accounts.error ? <Alert variant="danger" isInline title={errorMessage(t, accounts.error)} /> : null}
      {creating ? (
        <CreateAccountForm
          onDone={(loginId) => {
            setCreated(loginId);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      <DataTable
        label={t('accounts.title')}
        columns={columns}
        rows={accounts.data?.items}
        rowId={(a) => a.id}
        total={accounts.data?.total}
        list={list}
        loading={accounts.isPending}
        actions={
          creating ? null : (
            <Button
              variant="primary"
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
            >
              {t('accounts.create')}
            </Button>
          )
        }
      />
    </Screen>
  );
}

function CreateAccountForm({
  onDone,
  onCancel,
}: {
  onDone: (loginId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('operator');
  const queryClient = useQueryClient();
  const form = useForm<NewAccount>({
    defaultValues: {
      loginId: '',
      familyName: '',
      givenName: '',
      email: '',
      password: '',
      confirmationPassword: '',
      mustChangePassword: true,
    },
  });
  const create = useMutation({
    mutationFn: async (values: NewAccount) =>
      unwrap(
        await api.POST('/api/v1/users', {
          body: {
            ...values,
            email: values.email || undefined,
            confirmationPassword: values.confirmationPassword || undefined,
          },
        }),
      ),
    onSuccess: async (_data, values) => {
      await queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
      onDone(values.loginId);
    },
  });
  const fields = fieldErrors(t, create.error, { CONFLICT: 'loginId' });
  return (
    <Form
      className="kanri-narrow-form kanri-mb"
      noValidate
      onSubmit={form.handleSubmit((values) => create.mutate(values))}
      aria-label={t('accounts.create')}
    >
      <FormError message={formError(t, create.error, fields)} />
      <TextField
        form={form}
        name="loginId"
        label={t('accounts.loginId')}
        required
        autoComplete="off"
        serverError={fields.loginId}
        helper={t('accounts.loginIdHelp')}
      />
      <TextField
        form={form}
        name="familyName"
        label={t('accounts.familyName')}
        required
        serverError={fields.familyName}
      />
      <TextField
        form={form}
        name="givenName"
        label={t('accounts.givenName')}
        required
        serverError={fields.givenName}
      />
      <TextField
        form={form}
        name="email"
        label={t('accounts.email')}
        type="email"
        serverError={fields.email}
      />
      <TextField
        form={form}
        name="password"
        label={t('accounts.password')}
        type="password"
        required
        autoComplete="new-password"
        serverError={fields.password}
      />
      <TextField
        form={form}
        name="confirmationPassword"
        label={t('accounts.confirmationPassword')}
        type="password"
        autoComplete="new-password"
        serverError={fields.confirmationPassword}
      />
      <Controller
        control={form.control}
        name="mustChangePassword"
        render={({ field }) => (
          <Checkbox
            id="must-change"
            label={t('accounts.mustChangeLabel')}
            isChecked={field.value}
            onChange={(_e, checked) => field.onChange(checked)}
          />
        )}
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={create.isPending} isDisabled={create.isPending}>
          {t('app:actions.save')}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('app:actions.cancel')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
