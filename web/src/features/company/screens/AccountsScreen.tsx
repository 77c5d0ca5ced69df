import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { type Column, DataTable, useListState } from '../../../components/data-table';
import { FormError, PlainTextField } from '../../../lib/errors/fields';
import {
  ACCOUNT_LIMIT_DIGITS,
  ACCOUNT_LIMIT_KINDS,
  ACCOUNT_TYPES,
  type AccountChange,
  type AccountLimitKind,
  type AccountType,
  type CompanyAccount,
  formatYen,
  type NewAccount,
  parseYen,
  useAccounts,
  useCreateAccount,
  useDeleteAccount,
  useUpdateAccount,
} from '../api';

function useYen() {
  const { t } = useTranslation('company');
  return (n: number | null) => (n === null ? t('common.noLimit') : t('common.yen', { amount: formatYen(n) }));
}

/** 口座 (manual 001, 企業管理): the company's accounts with their daily limits; register, change and delete. */
export function AccountsScreen() {
  const { t } = useTranslation('company');
  const yen = useYen();
  const accounts = useAccounts();
  const navigate = useNavigate();
  const list = useListState({ sort: 'branchCode', filters: [] as const });
  const all = accounts.data ?? [];
  const { page, perPage } = list.state;
  const columns: Column<CompanyAccount>[] = [
    {
      key: 'branch',
      header: t('accounts.branchName'),
      cell: (a) => `${a.branchName ?? ''} (${a.branchCode})`,
    },
    { key: 'type', header: t('accounts.accountType'), cell: (a) => t(`accountType.${a.accountType}`) },
    { key: 'number', header: t('accounts.accountNumber'), cell: (a) => a.accountNumber },
    { key: 'name', header: t('accounts.accountName'), cell: (a) => a.accountName },
    ...ACCOUNT_LIMIT_KINDS.map((k) => ({
      key: k,
      header: t(`accountLimit.${k}`),
      cell: (a: CompanyAccount) => yen(a.dailyLimits[k]),
    })),
  ];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('accounts.title')}</Title>
      <p>{t('accounts.lead')}</p>
      <DataTable<CompanyAccount>
        label={t('accounts.title')}
        columns={columns}
        // The API answers every account at once (a company has few): the table pages them here.
        rows={accounts.data ? all.slice((page - 1) * perPage, page * perPage) : undefined}
        total={accounts.data ? all.length : undefined}
        rowId={(a) => a.id}
        list={list}
        loading={accounts.isFetching}
        emptyText={t('accounts.empty')}
        actions={
          <Button variant="primary" onClick={() => void navigate('/company/accounts/new')}>
            {t('accounts.register')}
          </Button>
        }
        rowActionsHeader={t('accounts.actions')}
        rowActions={(a) => (
          <>
            <Link
              to={`/company/accounts/${a.id}/edit`}
              aria-label={`${a.accountNumber} ${t('accounts.change')}`}
            >
              {t('accounts.change')}
            </Link>{' '}
            <Link
              to={`/company/accounts/${a.id}/delete`}
              aria-label={`${a.accountNumber} ${t('accounts.delete')}`}
            >
              {t('accounts.delete')}
            </Link>
          </>
        )}
      />
    </PageSection>
  );
}

type Limits = Record<AccountLimitKind, number | null>;
const NO_LIMITS: Limits = { transferTotal: null, adHocPayee: null, registeredPayee: null };
const BLANK: NewAccount = {
  branchCode: '',
  branchName: null,
  accountType: 'ordinary',
  accountNumber: '',
  accountName: '',
  dailyLimits: NO_LIMITS,
};

/** 口座登録 and 口座変更: 入力 → 入力内容確認 → 完了 with the 確認用パスワード. Branch, type and number never change. */
export function AccountFormScreen() {
  const { accountId } = useParams();
  const accounts = useAccounts();
  const { t } = useTranslation('company');
  if (!accountId) return <AccountForm key="new" />;
  if (!accounts.data) return null;
  const account = accounts.data.find((a) => a.id === accountId);
  if (!account) {
    return (
      <PageSection>
        <Alert variant="warning" isInline title={t('accounts.notFound')} />
      </PageSection>
    );
  }
  return <AccountForm account={account} key={account.id} />;
}

function AccountForm({ account }: { account?: CompanyAccount }) {
  const { t } = useTranslation('company');
  const yen = useYen();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const [before] = useState<NewAccount>(() => (account ? { ...account } : BLANK));
  const changed = (v: NewAccount, name: keyof NewAccount) => !!account && v[name] !== before[name];

  const review = (v: NewAccount): ReviewRow[] => [
    { name: 'branchCode', label: t('accounts.branchCode'), value: v.branchCode },
    {
      name: 'branchName',
      label: t('accounts.branchName'),
      value: v.branchName ?? '',
      changed: changed(v, 'branchName'),
    },
    { name: 'accountType', label: t('accounts.accountType'), value: t(`accountType.${v.accountType}`) },
    { name: 'accountNumber', label: t('accounts.accountNumber'), value: v.accountNumber },
    {
      name: 'accountName',
      label: t('accounts.accountName'),
      value: v.accountName,
      changed: changed(v, 'accountName'),
    },
    ...ACCOUNT_LIMIT_KINDS.map((k) => ({
      name: `dailyLimits.${k}`,
      label: t('accounts.limitOf', { kind: t(`accountLimit.${k}`) }),
      value: yen(v.dailyLimits[k]),
      changed: !!account && v.dailyLimits[k] !== before.dailyLimits[k],
    })),
  ];

  return (
    <PageSection>
      <ConfirmStep<NewAccount, CompanyAccount>
        title={account ? t('accounts.changeTitle') : t('accounts.registerTitle')}
        confirmationPassword
        review={review}
        submit={async (v, confirmation) => {
          if (!account) return create.mutateAsync({ account: v, confirmation });
          const change: AccountChange = {};
          if (v.branchName !== before.branchName) change.branchName = v.branchName;
          if (v.accountName !== before.accountName) change.accountName = v.accountName;
          const limits = ACCOUNT_LIMIT_KINDS.filter((k) => v.dailyLimits[k] !== before.dailyLimits[k]);
          if (limits.length) {
            change.dailyLimits = Object.fromEntries(limits.map((k) => [k, v.dailyLimits[k]])) as Limits;
          }
          return update.mutateAsync({ accountId: account.id, change, confirmation });
        }}
        done={() => (
          <>
            <p>{account ? t('accounts.changed') : t('accounts.registered')}</p>
            <Link to="/company/accounts">{t('accounts.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <AccountInput initial={values ?? before} existing={!!account} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function AccountInput(props: {
  initial: NewAccount;
  existing: boolean;
  errors: StepErrors;
  onNext(v: NewAccount): void;
}) {
  const { t } = useTranslation('company');
  const [branchCode, setBranchCode] = useState(props.initial.branchCode);
  const [branchName, setBranchName] = useState(props.initial.branchName ?? '');
  const [accountType, setAccountType] = useState<AccountType>(props.initial.accountType);
  const [accountNumber, setAccountNumber] = useState(props.initial.accountNumber);
  const [accountName, setAccountName] = useState(props.initial.accountName);
  const [limits, setLimits] = useState<Record<AccountLimitKind, string>>(
    Object.fromEntries(
      ACCOUNT_LIMIT_KINDS.map((k) => [k, formatYen(props.initial.dailyLimits[k])]),
    ) as Record<AccountLimitKind, string>,
  );
  const [own, setOwn] = useState<Record<string, string>>({});
  const error = (name: string) => own[name] ?? props.errors.fields[name];

  const next = () => {
    const problems: Record<string, string> = {};
    if (!/^\d{3}$/.test(branchCode.trim())) problems.branchCode = t('accounts.branchCodeInvalid');
    if (!/^\d{7}$/.test(accountNumber.trim())) problems.accountNumber = t('accounts.accountNumberInvalid');
    if (!accountName.trim()) problems.accountName = t('common.required');
    const parsed = Object.fromEntries(
      ACCOUNT_LIMIT_KINDS.map((k) => [k, parseYen(limits[k], ACCOUNT_LIMIT_DIGITS)]),
    ) as Limits;
    for (const k of ACCOUNT_LIMIT_KINDS) {
      if (Number.isNaN(parsed[k])) {
        problems[`dailyLimits.${k}`] = t('common.invalidLimit', { digits: ACCOUNT_LIMIT_DIGITS });
      }
    }
    setOwn(problems);
    if (Object.keys(problems).length) return;
    props.onNext({
      branchCode: branchCode.trim(),
      branchName: branchName.trim() || null,
      accountType,
      accountNumber: accountNumber.trim(),
      accountName: accountName.trim(),
      dailyLimits: parsed,
    });
  };

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        next();
      }}
    >
      <FormError message={props.errors.form} />
      <PlainTextField
        id="account-branch-code"
        label={t('accounts.branchCode')}
        value={branchCode}
        onChange={setBranchCode}
        inputMode="numeric"
        required
        disabled={props.existing}
        error={error('branchCode')}
      />
      <PlainTextField
        id="account-branch-name"
        label={t('accounts.branchName')}
        value={branchName}
        onChange={setBranchName}
        error={error('branchName')}
      />
      <FormGroup label={t('accounts.accountType')} fieldId="account-type" isRequired>
        <FormSelect
          id="account-type"
          value={accountType}
          isDisabled={props.existing}
          onChange={(_e, v) => setAccountType(v as AccountType)}
        >
          {ACCOUNT_TYPES.map((type) => (
            <FormSelectOption key={type} value={type} label={t(`accountType.${type}`)} />
          ))}
        </FormSelect>
      </FormGroup>
      <PlainTextField
        id="account-number"
        label={t('accounts.accountNumber')}
        value={accountNumber}
        onChange={setAccountNumber}
        inputMode="numeric"
        required
        disabled={props.existing}
        error={error('accountNumber')}
      />
      <PlainTextField
        id="account-name"
        label={t('accounts.accountName')}
        value={accountName}
        onChange={setAccountName}
        required
        error={error('accountName')}
      />
      {ACCOUNT_LIMIT_KINDS.map((k) => (
        <PlainTextField
          key={k}
          id={`account-limit-${k}`}
          label={t('accounts.limitOf', { kind: t(`accountLimit.${k}`) })}
          value={limits[k]}
          onChange={(v) => setLimits({ ...limits, [k]: v })}
          inputMode="numeric"
          helper={t('common.limitHelp', { digits: ACCOUNT_LIMIT_DIGITS })}
          error={error(`dailyLimits.${k}`)}
        />
      ))}
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('common.next')}
        </Button>
        <Link to="/company/accounts">{t('accounts.back')}</Link>
      </ActionGroup>
    </Form>
  );
}

/** 口座削除: the account on 入力 and 入力内容確認, deleted with the 確認用パスワード (409 while requests draw on it). */
export function AccountDeleteScreen() {
  const { accountId } = useParams();
  const { t } = useTranslation('company');
  const yen = useYen();
  const accounts = useAccounts();
  const remove = useDeleteAccount();
  // Kept once found: after the deletion the refreshed list no longer has it, and 完了 still names it.
  const [account, setAccount] = useState<CompanyAccount>();
  const found = account ?? accounts.data?.find((a) => a.id === accountId);
  if (found && !account) setAccount(found);
  if (!accounts.data && !account) return null;
  if (!found) {
    return (
      <PageSection>
        <Alert variant="warning" isInline title={t('accounts.notFound')} />
      </PageSection>
    );
  }
  const rows: ReviewRow[] = [
    {
      name: 'branch',
      label: t('accounts.branchName'),
      value: `${found.branchName ?? ''} (${found.branchCode})`,
    },
    { name: 'accountType', label: t('accounts.accountType'), value: t(`accountType.${found.accountType}`) },
    { name: 'accountNumber', label: t('accounts.accountNumber'), value: found.accountNumber },
    { name: 'accountName', label: t('accounts.accountName'), value: found.accountName },
    ...ACCOUNT_LIMIT_KINDS.map((k) => ({
      name: k,
      label: t('accounts.limitOf', { kind: t(`accountLimit.${k}`) }),
      value: yen(found.dailyLimits[k]),
    })),
  ];
  return (
    <PageSection>
      <ConfirmStep<{ id: string }, true>
        title={t('accounts.deleteTitle')}
        confirmationPassword
        submitLabel={t('accounts.delete')}
        review={() => rows}
        submit={async (v, confirmation) => {
          await remove.mutateAsync({ accountId: v.id, confirmation });
          return true;
        }}
        done={() => (
          <>
            <p>{t('accounts.deleted')}</p>
            <Link to="/company/accounts">{t('accounts.back')}</Link>
          </>
        )}
        input={({ errors, onNext }) => (
          <Form
            onSubmit={(e) => {
              e.preventDefault();
              onNext({ id: found.id });
            }}
          >
            <p>{t('accounts.deleteLead')}</p>
            <FormError message={errors.form} />
            <ul>
              {rows.map((r) => (
                <li key={r.name}>
                  {r.label}: {r.value}
                </li>
              ))}
            </ul>
            <ActionGroup>
              <Button type="submit" variant="danger">
                {t('common.next')}
              </Button>
              <Link to="/company/accounts">{t('accounts.back')}</Link>
            </ActionGroup>
          </Form>
        )}
      />
    </PageSection>
  );
}
