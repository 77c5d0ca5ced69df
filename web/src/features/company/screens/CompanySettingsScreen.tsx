import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import {
  ACCOUNT_LIMIT_KINDS,
  type ApprovalMode,
  BUSINESS_TYPES,
  type BusinessType,
  type Company,
  type CompanyChange,
  COMPANY_LIMIT_DIGITS,
  COMPANY_LIMIT_KINDS,
  type CompanyLimitKind,
  formatYen,
  modesFor,
  parseYen,
  useAccounts,
  useCompany,
  useUpdateCompany,
} from '../api';

interface Values {
  name: string;
  nameKana: string;
  modes: Record<BusinessType, ApprovalMode>;
  limits: Record<CompanyLimitKind, number | null>;
}

const fromCompany = (c: Company): Values => ({
  name: c.name,
  nameKana: c.nameKana ?? '',
  modes: { ...c.settings.approvalModes },
  limits: { ...c.settings.dailyLimits },
});

/** Only what differs from the stored organization goes to the API. */
function changeOf(before: Values, v: Values): CompanyChange {
  const change: CompanyChange = {};
  if (v.name !== before.name) change.name = v.name;
  if (v.nameKana !== before.nameKana) change.nameKana = v.nameKana || null;
  const modes = BUSINESS_TYPES.filter((b) => v.modes[b] !== before.modes[b]);
  if (modes.length) change.approvalModes = Object.fromEntries(modes.map((b) => [b, v.modes[b]]));
  const limits = COMPANY_LIMIT_KINDS.filter((k) => v.limits[k] !== before.limits[k]);
  if (limits.length) change.dailyLimits = Object.fromEntries(limits.map((k) => [k, v.limits[k]]));
  return change;
}

/**
 * 企業情報変更 (manual 001, 企業管理): 企業情報, 承認機能の利用有無 and 企業一日当たりの限度額 through 入力 → 入力内容確認
 * (changed lines in red) → 完了 with the 確認用パスワード. 口座一日当たりの限度額 are shown here and changed per account
 * on 口座 (each account is its own confirm operation).
 */
export function CompanySettingsScreen() {
  const company = useCompany();
  if (!company.data) return null;
  return <CompanySettings company={company.data} key={company.data.id} />;
}

function CompanySettings({ company }: { company: Company }) {
  const { t } = useTranslation('company');
  const update = useUpdateCompany();
  // The stored values the confirm step compares with: those of the screen's first answer, not the one just saved.
  const [before] = useState(() => fromCompany(company));
  const yen = (n: number | null) =>
    n === null ? t('common.noLimit') : t('common.yen', { amount: formatYen(n) });

  const review = (v: Values): ReviewRow[] => [
    { name: 'name', label: t('settings.name'), value: v.name, changed: v.name !== before.name },
    {
      name: 'nameKana',
      label: t('settings.nameKana'),
      value: v.nameKana,
      changed: v.nameKana !== before.nameKana,
    },
    ...BUSINESS_TYPES.map((b) => ({
      name: `approvalModes.${b}`,
      label: t('settings.modeOf', { business: t(`business.${b}`) }),
      value: t(`mode.${v.modes[b]}`),
      changed: v.modes[b] !== before.modes[b],
    })),
    ...COMPANY_LIMIT_KINDS.map((k) => ({
      name: `dailyLimits.${k}`,
      label: t('settings.limitOf', { kind: t(`companyLimit.${k}`) }),
      value: yen(v.limits[k]),
      changed: v.limits[k] !== before.limits[k],
    })),
  ];

  return (
    <PageSection>
      <ConfirmStep<Values, { values: Values }>
        title={t('settings.title')}
        confirmationPassword
        review={review}
        submit={async (v, confirmation) => {
          await update.mutateAsync({ change: changeOf(before, v), confirmation });
          return { values: v };
        }}
        done={({ values }) => (
          <>
            <p>{t('settings.done')}</p>
            <Table aria-label={t('settings.title')} variant="compact" className="kanri-review">
              <Tbody>
                {review(values).map((r) => (
                  <Tr key={r.name} className={r.changed ? 'kanri-review__changed' : undefined}>
                    <Th scope="row">{r.label}</Th>
                    <Td>{r.value || '—'}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Link to="/company/accounts">{t('settings.changeAccounts')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <CompanyInput initial={values ?? before} before={before} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function CompanyInput(props: {
  initial: Values;
  before: Values;
  errors: StepErrors;
  onNext(v: Values): void;
}) {
  const { t } = useTranslation('company');
  const [name, setName] = useState(props.initial.name);
  const [nameKana, setNameKana] = useState(props.initial.nameKana);
  const [modes, setModes] = useState(props.initial.modes);
  const [limits, setLimits] = useState<Record<CompanyLimitKind, string>>(
    Object.fromEntries(COMPANY_LIMIT_KINDS.map((k) => [k, formatYen(props.initial.limits[k])])) as Record<
      CompanyLimitKind,
      string
    >,
  );
  const [own, setOwn] = useState<Record<string, string>>({});
  const error = (name: string) => own[name] ?? props.errors.fields[name];

  const next = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('common.required');
    const parsed = Object.fromEntries(
      COMPANY_LIMIT_KINDS.map((k) => [k, parseYen(limits[k], COMPANY_LIMIT_DIGITS)]),
    ) as Record<CompanyLimitKind, number | null>;
    for (const k of COMPANY_LIMIT_KINDS) {
      if (Number.isNaN(parsed[k])) {
        problems[`dailyLimits.${k}`] = t('common.invalidLimit', { digits: COMPANY_LIMIT_DIGITS });
      }
    }
    const values: Values = { name: name.trim(), nameKana: nameKana.trim(), modes, limits: parsed };
    if (!Object.keys(problems).length && !Object.keys(changeOf(props.before, values)).length) {
      problems.form = t('settings.nothingChanged');
    }
    setOwn(problems);
    if (Object.keys(problems).length) return;
    props.onNext(values);
  };

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        next();
      }}
    >
      <p>{t('settings.lead')}</p>
      <FormError message={own.form ?? props.errors.form} />
      <Title headingLevel="h2">{t('settings.company')}</Title>
      <PlainTextField
        id="company-name"
        label={t('settings.name')}
        value={name}
        onChange={setName}
        required
        error={error('name')}
      />
      <PlainTextField
        id="company-name-kana"
        label={t('settings.nameKana')}
        value={nameKana}
        onChange={setNameKana}
        error={error('nameKana')}
      />
      <Title headingLevel="h2">{t('settings.approval')}</Title>
      {BUSINESS_TYPES.map((b) => (
        <FormGroup key={b} label={t(`business.${b}`)} fieldId={`approval-${b}`}>
          <FormSelect
            id={`approval-${b}`}
            value={modes[b]}
            onChange={(_e, v) => setModes({ ...modes, [b]: v as ApprovalMode })}
            aria-describedby={error(`approvalModes.${b}`) ? `approval-${b}-error` : undefined}
          >
            {modesFor(b).map((m) => (
              <FormSelectOption key={m} value={m} label={t(`mode.${m}`)} />
            ))}
          </FormSelect>
          <FieldError fieldId={`approval-${b}`} message={error(`approvalModes.${b}`)} />
        </FormGroup>
      ))}
      <Title headingLevel="h2">{t('settings.companyLimits')}</Title>
      {COMPANY_LIMIT_KINDS.map((k) => (
        <PlainTextField
          key={k}
          id={`company-limit-${k}`}
          label={t('settings.limitOf', { kind: t(`companyLimit.${k}`) })}
          value={limits[k]}
          onChange={(v) => setLimits({ ...limits, [k]: v })}
          inputMode="numeric"
          helper={t('common.limitHelp', { digits: COMPANY_LIMIT_DIGITS })}
          error={error(`dailyLimits.${k}`)}
        />
      ))}
      <AccountLimits />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('common.next')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** 口座一日当たりの限度額 as they stand, with the way to change them. */
function AccountLimits() {
  const { t } = useTranslation('company');
  const accounts = useAccounts();
  const yen = (n: number | null) =>
    n === null ? t('common.noLimit') : t('common.yen', { amount: formatYen(n) });
  return (
    <section aria-labelledby="account-limits-title">
      <Title headingLevel="h2" id="account-limits-title">
        {t('settings.accountLimits')}
      </Title>
      <p>{t('settings.accountLimitsLead')}</p>
      {accounts.data && accounts.data.length === 0 ? (
        <p>{t('settings.noAccounts')}</p>
      ) : (
        <Table aria-label={t('settings.accountLimits')} variant="compact">
          <Thead>
            <Tr>
              <Th>{`${t('accounts.branchName')} ${t('accounts.accountType')} ${t('accounts.accountNumber')}`}</Th>
              {ACCOUNT_LIMIT_KINDS.map((k) => (
                <Th key={k}>{t(`accountLimit.${k}`)}</Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {(accounts.data ?? []).map((a) => (
              <Tr key={a.id}>
                <Td>{`${a.branchName ?? ''} (${a.branchCode}) ${t(`accountType.${a.accountType}`)} ${a.accountNumber}`}</Td>
                {ACCOUNT_LIMIT_KINDS.map((k) => (
                  <Td key={k}>{yen(a.dailyLimits[k])}</Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Link to="/company/accounts">{t('settings.changeAccounts')}</Link>
    </section>
  );
}
