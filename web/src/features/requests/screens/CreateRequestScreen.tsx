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
  Radio,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  type ApprovalMode,
  APPROVERS_NEEDED,
  approverFieldLabel,
  ConfirmStep,
  type StepErrors,
  toStepErrors,
  useApprovalMode,
} from '../../../components/confirm-step';
import { todayInAppZone } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import {
  ACCOUNT_TYPES,
  type AccountType,
  type ApproverCandidate,
  type FeeBearer,
  type NewRequest,
  type RegisteredPayee,
  type RequestView,
  TRANSFER_PATTERNS,
  type TransferPattern,
  type UsableAccount,
  useApproverCandidates,
  useCreateRequest,
  useRegisteredPayees,
  useUsableAccounts,
} from '../api';

type PayeeSource = 'new_account' | 'registered';

/** What the form holds (strings as typed); the request body is made from it at 確定. */
interface Values {
  accountId: string;
  source: PayeeSource;
  payeeId: string;
  payeeName: string;
  bankCode: string;
  branchCode: string;
  accountType: AccountType;
  accountNumber: string;
  pattern: TransferPattern;
  amount: string;
  executionDate: string;
  approver1: string;
  approver2: string;
  feeBearer: FeeBearer;
}

const yen = (t: TFunction, n: number) => t('create.yen', { amount: n.toLocaleString('ja-JP') });

function accountLabel(t: TFunction, a: UsableAccount): string {
  return `${a.branchName ?? ''}（${a.branchCode}） ${t(`accountType.${a.accountType}`)} ${a.accountNumber} ${a.accountName}`;
}

function payeeLabel(t: TFunction, p: RegisteredPayee): string {
  return `${p.nameKana} ${p.bankName ?? p.bankCode} ${p.branchName ?? p.branchCode} ${t(`accountType.${p.accountType}`)} ${p.accountNumber}`;
}

function candidateLabel(c: ApproverCandidate): string {
  return `${c.displayName}（${c.loginId}）`;
}

/** The request body the API takes (`POST .../requests`, businessType transfer). */
function toBody(v: Values, approvers: number): NewRequest {
  const payee: NewRequest['payee'] =
    v.source === 'registered'
      ? // With payeeId the register decides the rest (`kind` is refused beside it; the generated type says it has a default).
        ({ payeeId: v.payeeId, pattern: v.pattern } as NewRequest['payee'])
      : {
          kind: 'ad_hoc',
          name: v.payeeName.trim(),
          pattern: v.pattern,
          bankCode: v.bankCode.trim(),
          branchCode: v.branchCode.trim(),
          accountType: v.accountType,
          accountNumber: v.accountNumber.trim(),
        };
  return {
    businessType: 'transfer',
    accountId: v.accountId,
    amount: Number(v.amount.trim()),
    payee,
    executionDate: v.executionDate.trim(),
    approverIds: [v.approver1, v.approver2].slice(0, approvers),
    feeBearer: v.feeBearer,
  };
}

/** The server's field names (payee.*, approverIds) as the form's inputs. */
const SERVER_FIELDS: Record<string, keyof Values> = {
  'payee.name': 'payeeName',
  'payee.bankCode': 'bankCode',
  'payee.branchCode': 'branchCode',
  'payee.accountNumber': 'accountNumber',
  'payee.payeeId': 'payeeId',
  approverIds: 'approver1',
};

function describe(t: TFunction, error: unknown): StepErrors {
  const e = toStepErrors(t, error, {
    APPROVER_COUNT_MISMATCH: 'approver1',
    APPROVER_IS_REQUESTER: 'approver1',
    APPROVERS_NOT_DISTINCT: 'approver2',
    APPROVER_NOT_ELIGIBLE: 'approver1',
    ACCOUNT_NOT_USABLE: 'accountId',
    EXECUTION_DATE_INVALID: 'executionDate',
    TRANSACTION_LIMIT_EXCEEDED: 'amount',
    DAILY_LIMIT_EXCEEDED: 'amount',
    FEE_EXCEEDS_PAYMENT: 'amount',
    FEE_BEARER_NOT_ALLOWED: 'feeBearer',
  });
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(e.fields)) fields[SERVER_FIELDS[name] ?? name] = message;
  return { ...e, fields };
}

/** 依頼作成 (manual 001: 振込振替 依頼): input → 入力内容確認 → 完了. */
export function CreateRequestScreen() {
  const { t } = useTranslation('requests');
  // Under the organization's one cache key: what 企業情報変更 saved is what this form asks for.
  const mode = useApprovalMode('transfer').data;
  const accounts = useUsableAccounts();
  const payees = useRegisteredPayees();
  const candidates = useApproverCandidates('transfer');
  const create = useCreateRequest();
  const [round, setRound] = useState(0);
  const approvers = mode ? APPROVERS_NEEDED[mode] : 0;

  const candidateName = (id: string) => {
    const c = candidates.data?.find((x) => x.id === id);
    return c ? candidateLabel(c) : id;
  };

  return (
    <PageSection>
      <ConfirmStep<Values, RequestView>
        key={round}
        title={t('create.title')}
        confirmationPassword={false}
        submitLabel={t('create.submit')}
        input={({ values, errors, onNext }) => (
          <RequestForm
            initial={values}
            errors={errors}
            onNext={onNext}
            mode={mode}
            approvers={approvers}
            accounts={accounts.data}
            payees={payees.data}
            candidates={candidates.data}
            candidatesError={candidates.error}
          />
        )}
        review={(v) => {
          const account = accounts.data?.find((a) => a.id === v.accountId);
          const payee = payees.data?.find((p) => p.id === v.payeeId);
          return [
            { name: 'businessType', label: t('field.businessType'), value: t('business.transfer') },
            {
              name: 'accountId',
              label: t('field.account'),
              value: account ? accountLabel(t, account) : v.accountId,
            },
            { name: 'source', label: t('field.payeeSource'), value: t(`source.${v.source}`) },
            ...(v.source === 'registered'
              ? [
                  {
                    name: 'payeeId',
                    label: t('field.payee'),
                    value: payee ? payeeLabel(t, payee) : v.payeeId,
                  },
                ]
              : [
                  { name: 'payeeName', label: t('field.payeeName'), value: v.payeeName },
                  { name: 'bankCode', label: t('field.bankCode'), value: v.bankCode },
                  { name: 'branchCode', label: t('field.branchCode'), value: v.branchCode },
                  {
                    name: 'accountType',
                    label: t('field.accountType'),
                    value: t(`accountType.${v.accountType}`),
                  },
                  { name: 'accountNumber', label: t('field.accountNumber'), value: v.accountNumber },
                ]),
            { name: 'pattern', label: t('field.pattern'), value: t(`pattern.${v.pattern}`) },
            { name: 'amount', label: t('field.amount'), value: yen(t, Number(v.amount)) },
            { name: 'executionDate', label: t('field.executionDate'), value: v.executionDate },
            ...[v.approver1, v.approver2].slice(0, approvers).map((id, i) => ({
              name: `approver${i + 1}`,
              label: approverFieldLabel(t, mode, i),
              value: candidateName(id),
            })),
            { name: 'feeBearer', label: t('field.feeBearer'), value: t(`bearer.${v.feeBearer}`) },
          ];
        }}
        submit={(v) => create.mutateAsync(toBody(v, approvers))}
        describeError={(error) => describe(t, error)}
        done={(r) => (
          <>
            <p>{t('create.done', { id: r.id, status: t(`status.${r.status}`) })}</p>
            <ActionGroup>
              <Link className="pf-v6-c-button pf-m-primary" to={`/requests/${r.id}`}>
                {t('create.open')}
              </Link>
              <Button variant="secondary" onClick={() => setRound((n) => n + 1)}>
                {t('create.another')}
              </Button>
            </ActionGroup>
          </>
        )}
      />
    </PageSection>
  );
}

interface FormProps {
  initial: Values | undefined;
  errors: StepErrors;
  onNext(values: Values): void;
  mode: ApprovalMode | undefined;
  approvers: number;
  accounts: UsableAccount[] | undefined;
  payees: RegisteredPayee[] | undefined;
  candidates: ApproverCandidate[] | undefined;
  candidatesError: unknown;
}

function RequestForm(props: FormProps) {
  const { t } = useTranslation('requests');
  const [v, setV] = useState<Values>(
    props.initial ?? {
      accountId: '',
      source: 'new_account',
      payeeId: '',
      payeeName: '',
      bankCode: '',
      branchCode: '',
      accountType: 'ordinary',
      accountNumber: '',
      pattern: 'other_bank',
      amount: '',
      executionDate: todayInAppZone(),
      approver1: '',
      approver2: '',
      feeBearer: 'payer',
    },
  );
  const [own, setOwn] = useState<Record<string, string>>({});
  const errorOf = (name: keyof Values) => own[name] ?? props.errors.fields[name];
  const set = <K extends keyof Values>(name: K, value: Values[K]) => setV((x) => ({ ...x, [name]: value }));

  const check = (): Record<string, string> => {
    const e: Record<string, string> = {};
    const required = t('create.required');
    if (!v.accountId) e.accountId = required;
    if (v.source === 'registered') {
      if (!v.payeeId) e.payeeId = required;
    } else {
      if (!v.payeeName.trim()) e.payeeName = required;
      if (!/^\d{4}$/.test(v.bankCode.trim())) e.bankCode = t('create.invalidBank');
      if (!/^\d{3}$/.test(v.branchCode.trim())) e.branchCode = t('create.invalidBranch');
      if (!/^\d{7}$/.test(v.accountNumber.trim())) e.accountNumber = t('create.invalidAccount');
    }
    if (!/^[1-9]\d{0,14}$/.test(v.amount.trim())) e.amount = t('create.invalidAmount');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.executionDate.trim())) e.executionDate = t('create.invalidDate');
    if (props.approvers >= 1 && !v.approver1) e.approver1 = required;
    if (props.approvers >= 2 && !v.approver2) e.approver2 = required;
    if (props.approvers >= 2 && v.approver2 && v.approver2 === v.approver1)
      e.approver2 = t('create.sameApprover');
    return e;
  };

  const select = (
    id: keyof Values,
    label: string,
    options: { value: string; label: string }[],
    withChoose = true,
  ) => (
    <FormGroup label={label} isRequired fieldId={`request-${id}`}>
      <FormSelect
        id={`request-${id}`}
        value={v[id]}
        onChange={(_e, value) => set(id, value as never)}
        validated={errorOf(id) ? 'error' : 'default'}
        aria-describedby={errorOf(id) ? `request-${id}-error` : undefined}
      >
        {withChoose && <FormSelectOption value="" label={t('create.choose')} isPlaceholder />}
        {options.map((o) => (
          <FormSelectOption key={o.value} value={o.value} label={o.label} />
        ))}
      </FormSelect>
      <FieldError fieldId={`request-${id}`} message={errorOf(id)} />
    </FormGroup>
  );
  const text = (id: keyof Values, label: string, extra: { inputMode?: 'numeric'; helper?: string } = {}) => (
    <PlainTextField
      id={`request-${id}`}
      label={label}
      value={v[id]}
      onChange={(value) => set(id, value as never)}
      error={errorOf(id)}
      required
      inputMode={extra.inputMode}
      helper={extra.helper}
    />
  );
  const candidateOptions = (props.candidates ?? []).map((c) => ({ value: c.id, label: candidateLabel(c) }));

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems = check();
        setOwn(problems);
        if (Object.keys(problems).length === 0) props.onNext(v);
      }}
    >
      <p>{t('create.lead')}</p>
      <FormError message={props.errors.form} />
      {props.accounts && props.accounts.length === 0 && (
        <Alert variant="warning" isInline isPlain title={t('create.noAccounts')} />
      )}
      {select(
        'accountId',
        t('field.account'),
        (props.accounts ?? []).map((a) => ({ value: a.id, label: accountLabel(t, a) })),
      )}
      <FormGroup role="radiogroup" isInline fieldId="request-source" label={t('field.payeeSource')} isStack>
        {(['new_account', 'registered'] as const).map((source) => (
          <Radio
            key={source}
            id={`request-source-${source}`}
            name="request-source"
            label={t(`source.${source}`)}
            isChecked={v.source === source}
            onChange={() => set('source', source)}
          />
        ))}
      </FormGroup>
      {v.source === 'registered' ? (
        <>
          {props.payees && props.payees.length === 0 && (
            <Alert variant="info" isInline isPlain title={t('create.noPayees')} />
          )}
          {select(
            'payeeId',
            t('field.payee'),
            (props.payees ?? []).map((p) => ({ value: p.id, label: payeeLabel(t, p) })),
          )}
        </>
      ) : (
        <>
          {text('payeeName', t('field.payeeName'))}
          {text('bankCode', t('field.bankCode'), { inputMode: 'numeric' })}
          {text('branchCode', t('field.branchCode'), { inputMode: 'numeric' })}
          {select(
            'accountType',
            t('field.accountType'),
            ACCOUNT_TYPES.map((a) => ({ value: a, label: t(`accountType.${a}`) })),
            false,
          )}
          {text('accountNumber', t('field.accountNumber'), { inputMode: 'numeric' })}
        </>
      )}
      {select(
        'pattern',
        t('field.pattern'),
        TRANSFER_PATTERNS.map((p) => ({ value: p, label: t(`pattern.${p}`) })),
        false,
      )}
      {text('amount', `${t('field.amount')}（円）`, { inputMode: 'numeric' })}
      {text('executionDate', t('field.executionDate'), { helper: 'YYYY-MM-DD' })}
      {props.mode && (
        <p>
          {t('field.mode')}: {t(`mode.${props.mode}`)}
        </p>
      )}
      {props.approvers === 0 && props.mode && <p>{t('create.noApproval')}</p>}
      {!!props.candidatesError && (
        <Alert variant="danger" isInline isPlain title={errorMessage(t, props.candidatesError)} />
      )}
      {props.approvers >= 1 && select('approver1', approverFieldLabel(t, props.mode, 0), candidateOptions)}
      {props.approvers >= 2 && select('approver2', approverFieldLabel(t, props.mode, 1), candidateOptions)}
      {select(
        'feeBearer',
        t('field.feeBearer'),
        (['payer', 'payee'] as const).map((b) => ({ value: b, label: t(`bearer.${b}`) })),
        false,
      )}
      <ActionGroup>
        <Button type="submit" variant="primary" isDisabled={!props.mode}>
          {t('create.next')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
