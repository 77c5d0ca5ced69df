import { ActionGroup, Button, Form, FormGroup, PageSection, TextInput } from '@patternfly/react-core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type OwnAccount, type OwnAccountChanges, useOwnAccount, useUpdateOwnAccount } from '../api';

const FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'department',
  'phoneExternal',
  'phoneExtension',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
const REQUIRED: readonly Field[] = ['familyName', 'givenName', 'email'];

function valuesOf(a: OwnAccount): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, (a[f] as string | null) ?? ''])) as Values;
}

/** Only what changed goes to the API; an emptied optional field is sent as null (cleared). */
function changesOf(before: Values, after: Values): OwnAccountChanges {
  const changes: Record<string, string | null> = {};
  for (const f of FIELDS) {
    if (after[f] !== before[f]) changes[f] = after[f] === '' && !REQUIRED.includes(f) ? null : after[f];
  }
  return changes as OwnAccountChanges;
}

/** アカウント情報更新 (manual 000): 入力 → 入力内容確認 (changed lines highlighted, 確認用パスワード) → 完了. */
export function AccountScreen() {
  const { t } = useTranslation('account');
  const account = useOwnAccount();
  const update = useUpdateOwnAccount();
  if (!account.data) return <PageSection>{t('loading')}</PageSection>;
  const current = valuesOf(account.data);
  return (
    <PageSection>
      <ConfirmStep<Values, { emailChanged: boolean }>
        title={t('title')}
        confirmationPassword
        review={(v) => [
          { name: 'loginId', label: t('loginId'), value: account.data.loginId },
          ...FIELDS.map((f) => ({ name: f, label: t(f), value: v[f], changed: v[f] !== current[f] })),
        ]}
        submit={async (v, confirmation) => {
          const changes = changesOf(current, v);
          await update.mutateAsync({ changes, confirmation });
          return { emailChanged: 'email' in changes };
        }}
        done={(r) => (
          <>
            <p>{t('done')}</p>
            {r.emailChanged && <p>{t('emailNotice')}</p>}
          </>
        )}
        input={({ values, errors, onNext }) => (
          <AccountInput values={values ?? current} current={current} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function AccountInput(props: {
  values: Values;
  current: Values;
  errors: StepErrors;
  onNext(v: Values): void;
}) {
  const { t } = useTranslation('account');
  const form = useForm<Values>({ defaultValues: props.values });
  const submit = (v: Values) => {
    if (FIELDS.every((f) => v[f] === props.current[f])) {
      form.setError('root', { message: t('nothingChanged') });
      return;
    }
    props.onNext(v);
  };
  return (
    <Form onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate>
      <p>{t('lead')}</p>
      <FormError message={form.formState.errors.root?.message ?? props.errors.form} />
      {FIELDS.map((f) => {
        const id = `account-${f}`;
        const required = REQUIRED.includes(f);
        const reg = form.register(f, required ? { required: t('required', { field: t(f) }) } : {});
        const error = form.formState.errors[f]?.message ?? props.errors.fields[f];
        return (
          <FormGroup key={f} label={t(f)} isRequired={required} fieldId={id}>
            <TextInput
              id={id}
              name={reg.name}
              ref={reg.ref}
              type={f.toLowerCase().includes('email') ? 'email' : 'text'}
              onChange={(e) => void reg.onChange(e)}
              onBlur={(e) => void reg.onBlur(e)}
              validated={error ? 'error' : 'default'}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            <FieldError fieldId={id} message={error} />
          </FormGroup>
        );
      })}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('confirm')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
