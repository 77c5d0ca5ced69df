import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  PageSection,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { useAuth } from '../../../app/auth';
import {
  PAYEE_ACCOUNT_TYPES,
  PAYEE_REGISTRATIONS,
  type Payee,
  type PayeeAccountType,
  type PayeeFields,
  type PayeeRegistration,
  useCreatePayee,
  usePayee,
  useUpdatePayee,
} from '../api';
import { zenginStepErrors } from '../components/zengin-words';
import { usePayeeKind } from './kind';

/** The form's values as typed. */
export interface PayeeValues {
  registration: PayeeRegistration;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: PayeeAccountType;
  accountNumber: string;
  nameKana: string;
  groupName: string;
}

const TEXT = [
  'bankCode',
  'bankName',
  'branchCode',
  'branchName',
  'accountNumber',
  'nameKana',
  'groupName',
] as const;
const DIGITS: Partial<Record<keyof PayeeValues, number>> = { bankCode: 4, branchCode: 3, accountNumber: 7 };
const REQUIRED = new Set<keyof PayeeValues>(['bankCode', 'branchCode', 'accountNumber', 'nameKana']);

function fromPayee(p: Payee | undefined, registration: PayeeRegistration): PayeeValues {
  return {
    registration: p?.registration ?? registration,
    bankCode: p?.bankCode ?? '',
    bankName: p?.bankName ?? '',
    branchCode: p?.branchCode ?? '',
    branchName: p?.branchName ?? '',
    accountType: p?.accountType ?? 'ordinary',
    accountNumber: p?.accountNumber ?? '',
    nameKana: p?.nameKana ?? '',
    groupName: p?.groupName ?? '',
  };
}

/** POST: every filled field; PATCH: only what changed (an emptied optional field becomes null). */
function toBody(v: PayeeValues, before: PayeeValues | undefined, kind: Payee['kind']): PayeeFields {
  const body: Record<string, unknown> = {};
  if (!before) {
    body.kind = kind;
    body.registration = v.registration;
  }
  for (const k of [...TEXT, 'accountType'] as const) {
    if (before && v[k] === before[k]) continue;
    if (v[k] !== '') body[k] = v[k];
    else if (before) body[k] = null;
  }
  return body as PayeeFields;
}

/** 振込先登録 / 振込先変更 (and the 請求先 ones): 入力 → 入力内容確認 (changes highlighted) → 完了. */
export function PayeeFormScreen({ mode }: { mode: 'create' | 'edit' }) {
  const { payeeId } = useParams();
  const payee = usePayee(mode === 'edit' ? payeeId : undefined);
  if (mode === 'edit' && !payee.data) return null;
  return <PayeeForm mode={mode} payee={payee.data} key={payee.data?.id ?? 'new'} />;
}

function PayeeForm({ mode, payee }: { mode: 'create' | 'edit'; payee: Payee | undefined }) {
  const { t } = useTranslation('payees');
  const kind = usePayeeKind();
  const { can } = useAuth();
  const create = useCreatePayee();
  const update = useUpdatePayee(payee?.id ?? '');
  // A member keeps 利用者登録口座; 事前登録口座 are the company's (company.manage).
  const registrations = can('company.manage') ? PAYEE_REGISTRATIONS : (['user_registered'] as const);
  const before = mode === 'edit' ? fromPayee(payee, 'user_registered') : undefined;

  const review = (v: PayeeValues): ReviewRow[] => {
    const row = (name: keyof PayeeValues, value: string): ReviewRow => ({
      name,
      label: t(`field.${name}`),
      value,
      changed: before ? v[name] !== before[name] : false,
    });
    return [
      row('registration', t(`registration.${v.registration}`)),
      row('bankCode', v.bankCode),
      row('bankName', v.bankName),
      row('branchCode', v.branchCode),
      row('branchName', v.branchName),
      row('accountType', t(`accountType.${v.accountType}`)),
      row('accountNumber', v.accountNumber),
      row('nameKana', v.nameKana),
      row('groupName', v.groupName),
    ];
  };

  return (
    <PageSection>
      <ConfirmStep<PayeeValues, Payee>
        title={t(`${mode}.title.${kind}`)}
        confirmationPassword
        review={review}
        describeError={(e) => zenginStepErrors(t, e)}
        submit={(v, confirmation) => {
          const body = { ...toBody(v, before, kind), ...confirmation };
          return mode === 'create' ? create.mutateAsync(body) : update.mutateAsync(body);
        }}
        done={(p) => (
          <>
            <p>{t(`${mode}.done`, { name: p.nameKana })}</p>
            <ActionGroup>
              <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
            </ActionGroup>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <PayeeInput
            mode={mode}
            defaults={values ?? before ?? fromPayee(undefined, registrations[0])}
            errors={errors}
            registrations={registrations}
            onNext={onNext}
          />
        )}
      />
    </PageSection>
  );
}

function PayeeInput(props: {
  mode: 'create' | 'edit';
  defaults: PayeeValues;
  errors: StepErrors;
  registrations: readonly PayeeRegistration[];
  onNext(v: PayeeValues): void;
}) {
  const { t } = useTranslation('payees');
  const kind = usePayeeKind();
  const [v, setV] = useState<PayeeValues>(props.defaults);
  const [own, setOwn] = useState<Record<string, string>>({});
  const errorOf = (name: keyof PayeeValues) => own[name] ?? props.errors.fields[name];
  const set = (name: keyof PayeeValues) => (value: string) => setV((x) => ({ ...x, [name]: value }));

  const check = () => {
    const problems: Record<string, string> = {};
    for (const name of TEXT) {
      const value = v[name].trim();
      if (REQUIRED.has(name) && !value) problems[name] = t('field.required', { field: t(`field.${name}`) });
      else if (DIGITS[name] && !new RegExp(`^\\d{${DIGITS[name]}}$`).test(value))
        problems[name] = t('field.digits', { n: DIGITS[name] });
    }
    setOwn(problems);
    if (!Object.keys(problems).length)
      props.onNext({ ...v, ...Object.fromEntries(TEXT.map((n) => [n, v[n].trim()])) });
  };

  const text = (name: (typeof TEXT)[number], md: 3 | 6 = 6) => (
    <GridItem md={md} key={name}>
      <PlainTextField
        id={`payee-${name}`}
        label={t(`field.${name}`)}
        value={v[name]}
        onChange={set(name)}
        error={errorOf(name)}
        required={REQUIRED.has(name)}
        inputMode={DIGITS[name] ? 'numeric' : undefined}
        helper={name === 'nameKana' ? t('field.kanaHint') : undefined}
      />
    </GridItem>
  );

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        check();
      }}
    >
      <FormError message={props.errors.form} />
      <Grid hasGutter>
        {props.mode === 'create' && (
          <GridItem md={6}>
            <FormGroup label={t('field.registration')} fieldId="payee-registration-input">
              <FormSelect
                id="payee-registration-input"
                value={v.registration}
                onChange={(_e, x) => set('registration')(x)}
              >
                {props.registrations.map((r) => (
                  <FormSelectOption key={r} value={r} label={t(`registration.${r}`)} />
                ))}
              </FormSelect>
              <FieldError fieldId="payee-registration-input" message={errorOf('registration')} />
            </FormGroup>
          </GridItem>
        )}
        {text('nameKana')}
        {text('bankCode', 3)}
        {text('bankName', 3)}
        {text('branchCode', 3)}
        {text('branchName', 3)}
        <GridItem md={3}>
          <FormGroup label={t('field.accountType')} fieldId="payee-accountType">
            <FormSelect
              id="payee-accountType"
              value={v.accountType}
              onChange={(_e, x) => set('accountType')(x)}
            >
              {PAYEE_ACCOUNT_TYPES.map((a) => (
                <FormSelectOption key={a} value={a} label={t(`accountType.${a}`)} />
              ))}
            </FormSelect>
            <FieldError fieldId="payee-accountType" message={errorOf('accountType')} />
          </FormGroup>
        </GridItem>
        {text('accountNumber', 3)}
        {text('groupName')}
      </Grid>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('confirm:next')}
        </Button>
        <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
      </ActionGroup>
    </Form>
  );
}
