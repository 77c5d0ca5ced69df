import {
  ActionGroup,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmStep, type StepErrors } from '../../components/confirm-step';
import { toStepErrors } from '../../components/confirm-step/errors';
import { errorMessage } from '../../lib/errors';
import { FormError, TextField } from '../../lib/errors/fields';

/** The input of 組織登録, flat so that each field has one name (the API nests the manager's fields). */
export interface OpenValues {
  name: string;
  nameKana: string;
  planUserLimit: string;
  managerLoginId: string;
  managerFamilyName: string;
  managerGivenName: string;
  managerEmail: string;
  managerPassword: string;
}

interface Opened {
  organization: { id: string; code: string; name: string; planUserLimit: number | null };
  manager: { id: string; loginId: string };
  initialPassword?: string;
}

const EMPTY: OpenValues = {
  name: '',
  nameKana: '',
  planUserLimit: '',
  managerLoginId: '',
  managerFamilyName: '',
  managerGivenName: '',
  managerEmail: '',
  managerPassword: '',
};

/** The API's names of the fields (`manager.loginId`, or `loginId` in a conflict) → the form's. */
const API_FIELDS: Record<string, keyof OpenValues> = {
  name: 'name',
  nameKana: 'nameKana',
  planUserLimit: 'planUserLimit',
  manager: 'managerLoginId',
  'manager.loginId': 'managerLoginId',
  'manager.familyName': 'managerFamilyName',
  'manager.givenName': 'managerGivenName',
  'manager.email': 'managerEmail',
  'manager.password': 'managerPassword',
  loginId: 'managerLoginId',
  password: 'managerPassword',
};

function isCode(error: unknown, code: string): boolean {
  return !!error && typeof error === 'object' && 'code' in error && error.code === code;
}

const LOGIN_ID = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{6,12}$/;
const KANA = /^[\u30A0-\u30FF\u3000 ]+$/;

/**
 * 組織登録 (system operator): an organization together with its first manager (管理責任者), input → 入力内容確認
 * → 完了. The manager must change the initial password at first sign-in; left empty, Kanri draws one and the 完了
 * step shows it this once.
 */
export function OpenOrganizationPage() {
  const { t } = useTranslation('operator');
  const queryClient = useQueryClient();
  useEffect(() => {
    document.title = `${t('open.title')} | ${t('app:title')}`;
  }, [t]);
  const open = useMutation({
    mutationFn: async (v: OpenValues) =>
      unwrap(
        await api.POST('/api/v1/system/organizations', {
          body: {
            name: v.name,
            ...(v.nameKana ? { nameKana: v.nameKana } : {}),
            planUserLimit: v.planUserLimit.trim() === '' ? null : Number(v.planUserLimit),
            manager: {
              loginId: v.managerLoginId,
              familyName: v.managerFamilyName,
              givenName: v.managerGivenName,
              ...(v.managerEmail ? { email: v.managerEmail } : {}),
              ...(v.managerPassword ? { password: v.managerPassword } : {}),
            },
          } as never,
        }),
      ) as unknown as Opened,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['operator'] });
    },
  });
  const describeError = (error: unknown): StepErrors => {
    const raw = toStepErrors(t, error, { CONFLICT: 'loginId', PASSWORD_POLICY_VIOLATED: 'password' });
    const fields: Record<string, string> = {};
    for (const [name, message] of Object.entries(raw.fields)) {
      // A policy refusal names the problems in the API's terms; the field gets the sentence for the code.
      fields[API_FIELDS[name] ?? name] =
        name === 'password' || name === 'manager.password' ? errorMessage(t, error) : message;
    }
    // The generic conflict sentence speaks of concurrent edits; here it can only be the login ID.
    if (isCode(error, 'CONFLICT')) fields.managerLoginId = t('open.loginIdTaken');
    return { fields, form: raw.form };
  };
  return (
    <PageSection>
      <ConfirmStep<OpenValues, Opened>
        title={t('open.title')}
        confirmationPassword={false}
        submitLabel={t('open.submit')}
        review={(v) => [
          { name: 'name', label: t('open.name'), value: v.name },
          { name: 'nameKana', label: t('open.nameKana'), value: v.nameKana },
          {
            name: 'planUserLimit',
            label: t('open.planUserLimit'),
            value: v.planUserLimit.trim()
              ? t('organizations.count', { count: Number(v.planUserLimit) })
              : t('organizations.unlimited'),
          },
          { name: 'managerLoginId', label: t('open.managerLoginId'), value: v.managerLoginId },
          { name: 'managerFamilyName', label: t('open.managerFamilyName'), value: v.managerFamilyName },
          { name: 'managerGivenName', label: t('open.managerGivenName'), value: v.managerGivenName },
          { name: 'managerEmail', label: t('open.managerEmail'), value: v.managerEmail },
          {
            name: 'managerPassword',
            label: t('open.managerPassword'),
            value: v.managerPassword ? t('open.passwordGiven') : t('open.passwordDrawn'),
          },
        ]}
        submit={(v) => open.mutateAsync(v)}
        describeError={describeError}
        done={(r) => <OpenedSummary opened={r} />}
        input={({ values, errors, onNext }) => <OpenInput values={values} errors={errors} onNext={onNext} />}
      />
    </PageSection>
  );
}

function OpenedSummary({ opened }: { opened: Opened }) {
  const { t } = useTranslation('operator');
  return (
    <>
      <p>{t('open.done', { name: opened.organization.name, loginId: opened.manager.loginId })}</p>
      <DescriptionList isHorizontal className="kanri-mb" aria-label={t('open.summary')}>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('organizations.code')}</DescriptionListTerm>
          <DescriptionListDescription>
            <strong>{opened.organization.code}</strong>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{t('open.managerLoginId')}</DescriptionListTerm>
          <DescriptionListDescription>{opened.manager.loginId}</DescriptionListDescription>
        </DescriptionListGroup>
        {opened.initialPassword ? (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('open.initialPassword')}</DescriptionListTerm>
            <DescriptionListDescription>
              <code>{opened.initialPassword}</code>
            </DescriptionListDescription>
          </DescriptionListGroup>
        ) : null}
      </DescriptionList>
      {opened.initialPassword ? (
        <Alert variant="warning" isInline title={t('open.shownOnce')} className="kanri-mb" />
      ) : null}
      <p>{t('open.next')}</p>
      <Link to="/operator/organizations">{t('open.back')}</Link>
    </>
  );
}

function OpenInput(props: { values?: OpenValues; errors: StepErrors; onNext(v: OpenValues): void }) {
  const { t } = useTranslation('operator');
  const form = useForm<OpenValues>({ defaultValues: props.values ?? EMPTY });
  const server = props.errors.fields;
  const next = (v: OpenValues) => {
    let ok = true;
    const refuse = (name: keyof OpenValues, message: string) => {
      form.setError(name, { type: 'validate', message });
      ok = false;
    };
    if (!LOGIN_ID.test(v.managerLoginId)) refuse('managerLoginId', t('open.loginIdRule'));
    if (v.nameKana && !KANA.test(v.nameKana)) refuse('nameKana', t('open.kanaRule'));
    const limit = v.planUserLimit.trim();
    if (limit !== '' && !(/^\d+$/.test(limit) && Number(limit) >= 1)) {
      refuse('planUserLimit', t('open.limitRule'));
    }
    if (ok) props.onNext(v);
  };
  return (
    <Form
      noValidate
      aria-label={t('open.title')}
      className="kanri-narrow-form"
      onSubmit={(e) => void form.handleSubmit(next)(e)}
    >
      <p>{t('open.lead')}</p>
      <FormError message={props.errors.form} />
      <Title headingLevel="h2">{t('open.organization')}</Title>
      <TextField form={form} name="name" label={t('open.name')} required serverError={server.name} />
      <TextField form={form} name="nameKana" label={t('open.nameKana')} serverError={server.nameKana} />
      <TextField
        form={form}
        name="planUserLimit"
        label={t('open.planUserLimit')}
        inputMode="numeric"
        helper={t('plan.help')}
        serverError={server.planUserLimit}
      />
      <Title headingLevel="h2">{t('open.manager')}</Title>
      <TextField
        form={form}
        name="managerLoginId"
        label={t('open.managerLoginId')}
        required
        autoComplete="off"
        helper={t('accounts.loginIdHelp')}
        serverError={server.managerLoginId}
      />
      <TextField
        form={form}
        name="managerFamilyName"
        label={t('open.managerFamilyName')}
        required
        serverError={server.managerFamilyName}
      />
      <TextField
        form={form}
        name="managerGivenName"
        label={t('open.managerGivenName')}
        required
        serverError={server.managerGivenName}
      />
      <TextField
        form={form}
        name="managerEmail"
        label={t('open.managerEmail')}
        type="email"
        serverError={server.managerEmail}
      />
      <TextField
        form={form}
        name="managerPassword"
        label={t('open.managerPassword')}
        type="password"
        autoComplete="new-password"
        helper={t('open.passwordHelp')}
        serverError={server.managerPassword}
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('open.confirm')}
        </Button>
        <Link to="/operator/organizations" className="pf-v6-c-button pf-m-link">
          {t('app:actions.cancel')}
        </Link>
      </ActionGroup>
    </Form>
  );
}
