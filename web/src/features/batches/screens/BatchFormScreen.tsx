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
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { TFunction } from 'i18next';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors } from '../../../components/confirm-step';
import { todayInAppZone } from '../../../components/data-table';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { type Payee, usePayeePicker } from '../../payees/api';
import { zenginStepErrors } from '../../payees/components/zengin-words';
import {
  type ApprovalMode,
  BATCH_BUSINESSES,
  type Batch,
  type BatchBusiness,
  type CompanyAccount,
  type FeeBearer,
  LINE_ACCOUNT_TYPES,
  type LineAccountType,
  type PayrollKind,
  TRANSFER_PATTERNS,
  type TransferPattern,
  useApprovalMode,
  useCreateBatch,
  useUsableAccounts,
} from '../api';
import { ApproverNames } from '../components/ApproverNames';
import {
  ApproverPicker,
  approverProblems,
  approversToSend,
  placeApproverError,
} from '../components/ApproverPicker';
import { yenOf } from './format';

/** One line as typed (amount as text until it is checked). */
interface LineValues {
  key: number;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: LineAccountType;
  accountNumber: string;
  payeeNameKana: string;
  amount: string;
  pattern: TransferPattern;
}

interface BatchValues {
  businessType: BatchBusiness;
  payrollKind: PayrollKind;
  accountId: string;
  executionDate: string;
  feeBearer: FeeBearer;
  /** By position ('' for one not chosen yet); on 確認, exactly as many as `approvalMode` asks for. */
  approverIds: string[];
  /** The business's approval mode the approvers were chosen for (set on 確認). */
  approvalMode?: ApprovalMode;
  lines: LineValues[];
}

const LINE_TEXT = ['payeeNameKana', 'bankCode', 'branchCode', 'accountNumber', 'amount'] as const;
const LINE_DIGITS: Partial<Record<(typeof LINE_TEXT)[number], number>> = {
  bankCode: 4,
  branchCode: 3,
  accountNumber: 7,
};
const FIELD_LABEL: Record<string, string> = {
  payeeNameKana: 'line.payeeName',
  bankCode: 'line.bank',
  bankName: 'line.bank',
  branchCode: 'line.branch',
  branchName: 'line.branch',
  accountType: 'line.accountType',
  accountNumber: 'line.accountNumber',
  amount: 'line.amount',
  pattern: 'line.pattern',
};

let nextKey = 1;
const blankLine = (): LineValues => ({
  key: nextKey++,
  bankCode: '',
  bankName: '',
  branchCode: '',
  branchName: '',
  accountType: 'ordinary',
  accountNumber: '',
  payeeNameKana: '',
  amount: '',
  pattern: 'other_bank',
});
const fromPayee = (p: Payee): LineValues => ({
  ...blankLine(),
  bankCode: p.bankCode,
  bankName: p.bankName ?? '',
  branchCode: p.branchCode,
  branchName: p.branchName ?? '',
  accountType: p.accountType,
  accountNumber: p.accountNumber,
  payeeNameKana: p.nameKana,
});

const total = (lines: LineValues[]) => lines.reduce((s, l) => s + (Number(l.amount) || 0), 0);

/**
 * The API's refusal placed where the person can act on it: a line's field (`lines.2.amount`) goes next to that
 * line of 入力内容確認, named by line number and field.
 */
function describe(t: TFunction, error: unknown): StepErrors {
  const base = placeApproverError(t, error, zenginStepErrors(t, error));
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(base.fields)) {
    const m = /^lines\.(\d+)\.(\w+)$/.exec(name);
    if (!m) {
      fields[name] = message;
      continue;
    }
    const key = `lines.${m[1]}`;
    const words = `${t('batches:form.lineField', { n: Number(m[1]) + 1, field: t(`batches:${FIELD_LABEL[m[2]] ?? 'line.no'}`) })}: ${message}`;
    fields[key] = fields[key] ? `${fields[key]} ${words}` : words;
  }
  return { ...base, fields };
}

/** 依頼（画面入力） of a 総合振込 or 給与・賞与振込: lines from registered payees or keyed in, then 確認 and 完了. */
export function BatchFormScreen() {
  const { t } = useTranslation('batches');
  const [params] = useSearchParams();
  const accounts = useUsableAccounts();
  const create = useCreateBatch();
  const initial: BatchValues = {
    businessType: params.get('business') === 'payroll' ? 'payroll' : 'bulk_transfer',
    payrollKind: 'salary',
    accountId: '',
    executionDate: todayInAppZone(),
    feeBearer: 'payer',
    approverIds: [],
    lines: [],
  };
  const accountWords = (id: string) => {
    const a = accounts.data?.find((x) => x.id === id);
    return a ? accountLabel(a) : id;
  };

  const review = (v: BatchValues): ReviewRow[] => [
    {
      name: 'businessType',
      label: t('form.business'),
      value:
        v.businessType === 'payroll'
          ? `${t('business.payroll')}（${t(`payrollKind.${v.payrollKind}`)}）`
          : t('business.bulk_transfer'),
    },
    { name: 'accountId', label: t('form.account'), value: accountWords(v.accountId) },
    { name: 'executionDate', label: t('form.executionDate'), value: v.executionDate },
    { name: 'feeBearer', label: t('form.bearer'), value: t(`bearer.${v.feeBearer}`) },
    {
      name: 'approvalMode',
      label: t('form.mode'),
      value: v.approvalMode ? t(`mode.${v.approvalMode}`) : '',
    },
    {
      name: 'approverIds',
      label: t('form.approvers'),
      value: <ApproverNames business={v.businessType} mode={v.approvalMode} ids={v.approverIds} />,
    },
    ...v.lines.map((l, i) => ({
      name: `lines.${i}`,
      label: t('form.lineField', { n: i + 1, field: '' }).trim(),
      value: `${l.payeeNameKana} / ${l.bankCode}-${l.branchCode} ${t(`accountType.${l.accountType}`)} ${l.accountNumber} / ${yenOf(Number(l.amount))} / ${t(`pattern.${l.pattern}`)}`,
    })),
    {
      name: 'lines',
      label: t('form.lines'),
      value: t('form.total', { count: v.lines.length, amount: total(v.lines).toLocaleString('ja-JP') }),
    },
  ];

  return (
    <PageSection>
      <ConfirmStep<BatchValues, Batch>
        title={t(`form.title.${initial.businessType}`)}
        confirmationPassword={false}
        submitLabel={t('form.submit')}
        review={review}
        describeError={(e) => describe(t, e)}
        submit={(v) =>
          create.mutateAsync({
            businessType: v.businessType,
            ...(v.businessType === 'payroll' ? { payrollKind: v.payrollKind } : {}),
            accountId: v.accountId,
            executionDate: v.executionDate,
            approverIds: v.approverIds,
            feeBearer: v.feeBearer,
            lines: v.lines.map((l) => ({
              bankCode: l.bankCode,
              ...(l.bankName ? { bankName: l.bankName } : {}),
              branchCode: l.branchCode,
              ...(l.branchName ? { branchName: l.branchName } : {}),
              accountType: l.accountType,
              accountNumber: l.accountNumber,
              payeeNameKana: l.payeeNameKana,
              amount: Number(l.amount),
              pattern: l.pattern,
            })),
          })
        }
        done={(b) => (
          <>
            <p>{t('form.done', { amount: b.amount.toLocaleString('ja-JP') })}</p>
            <ActionGroup>
              <Link to={`/batches/${b.id}`}>{t('form.detail')}</Link>
              <Link to="/batches">{t('detail.backToList')}</Link>
            </ActionGroup>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <BatchInput
            defaults={values ?? initial}
            accounts={accounts.data ?? []}
            errors={errors}
            onNext={onNext}
          />
        )}
      />
    </PageSection>
  );
}

function accountLabel(a: CompanyAccount): string {
  return `${a.branchCode}${a.branchName ? ` ${a.branchName}` : ''} ${a.accountType} ${a.accountNumber} ${a.accountName}`;
}

function BatchInput(props: {
  defaults: BatchValues;
  accounts: CompanyAccount[];
  errors: StepErrors;
  onNext(v: BatchValues): void;
}) {
  const { t } = useTranslation('batches');
  const [v, setV] = useState<BatchValues>({
    ...props.defaults,
    accountId: props.defaults.accountId || props.accounts[0]?.id || '',
  });
  const [own, setOwn] = useState<Record<string, string>>({});
  const [pickName, setPickName] = useState('');
  const [picked, setPicked] = useState('');
  const payees = usePayeePicker('transfer', pickName.trim());
  const mode = useApprovalMode(v.businessType);
  const errorOf = (name: string) => own[name] ?? props.errors.fields[name];
  const set = <K extends keyof BatchValues>(name: K, value: BatchValues[K]) =>
    setV((x) => ({ ...x, [name]: value }));
  const setLine = (i: number, change: Partial<LineValues>) =>
    setV((x) => ({ ...x, lines: x.lines.map((l, j) => (j === i ? { ...l, ...change } : l)) }));
  const accountId = v.accountId || props.accounts[0]?.id || '';
  const options = payees.data?.items ?? [];

  const check = () => {
    const problems: Record<string, string> = {};
    if (!accountId) problems.accountId = t('form.noAccount');
    if (!v.executionDate) problems.executionDate = t('form.required', { field: t('form.executionDate') });
    if (!v.lines.length) problems.lines = t('form.noLines');
    v.lines.forEach((l, i) => {
      for (const name of LINE_TEXT) {
        const value = l[name].trim();
        const key = `lines.${i}.${name}`;
        if (!value) problems[key] = t('form.required', { field: t(FIELD_LABEL[name]) });
        else if (LINE_DIGITS[name] && !new RegExp(`^\\d{${LINE_DIGITS[name]}}$`).test(value))
          problems[key] = t('form.digits', { n: LINE_DIGITS[name] });
        else if (name === 'amount' && !/^[1-9]\d{0,9}$/.test(value)) problems[key] = t('form.amountInvalid');
      }
    });
    Object.assign(problems, approverProblems(t, mode.data, v.approverIds));
    setOwn(problems);
    if (!Object.keys(problems).length && mode.data)
      props.onNext({
        ...v,
        accountId,
        approvalMode: mode.data,
        approverIds: approversToSend(mode.data, v.approverIds),
      });
  };

  const lineInput = (i: number, l: LineValues, name: (typeof LINE_TEXT)[number]) => {
    const id = `line-${l.key}-${name}`;
    const error = errorOf(`lines.${i}.${name}`);
    return (
      <Td dataLabel={t(FIELD_LABEL[name])}>
        <TextInput
          id={id}
          aria-label={t('form.lineField', { n: i + 1, field: t(FIELD_LABEL[name]) })}
          value={l[name]}
          inputMode={name === 'payeeNameKana' ? undefined : 'numeric'}
          onChange={(_e, x) => setLine(i, { [name]: x })}
          validated={error ? 'error' : 'default'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <FieldError fieldId={id} message={error} />
      </Td>
    );
  };

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
        <GridItem md={4}>
          <FormGroup label={t('form.business')} fieldId="batch-business">
            <FormSelect
              id="batch-business"
              value={v.businessType}
              // Who may approve depends on the business: approvers chosen for the other one are dropped.
              onChange={(_e, x) => setV((y) => ({ ...y, businessType: x as BatchBusiness, approverIds: [] }))}
            >
              {BATCH_BUSINESSES.map((b) => (
                <FormSelectOption key={b} value={b} label={t(`business.${b}`)} />
              ))}
            </FormSelect>
          </FormGroup>
        </GridItem>
        {v.businessType === 'payroll' && (
          <GridItem md={4}>
            <FormGroup label={t('form.payrollKind')} fieldId="batch-payrollKind">
              <FormSelect
                id="batch-payrollKind"
                value={v.payrollKind}
                onChange={(_e, x) => set('payrollKind', x as PayrollKind)}
              >
                <FormSelectOption value="salary" label={t('payrollKind.salary')} />
                <FormSelectOption value="bonus" label={t('payrollKind.bonus')} />
              </FormSelect>
              <FieldError fieldId="batch-payrollKind" message={errorOf('payrollKind')} />
            </FormGroup>
          </GridItem>
        )}
        <GridItem md={4}>
          <FormGroup label={t('form.bearer')} fieldId="batch-bearer">
            <FormSelect
              id="batch-bearer"
              value={v.feeBearer}
              onChange={(_e, x) => set('feeBearer', x as FeeBearer)}
            >
              <FormSelectOption value="payer" label={t('bearer.payer')} />
              <FormSelectOption value="payee" label={t('bearer.payee')} />
            </FormSelect>
            <FieldError fieldId="batch-bearer" message={errorOf('feeBearer')} />
          </FormGroup>
        </GridItem>
        <GridItem md={8}>
          <FormGroup label={t('form.account')} fieldId="batch-account" isRequired>
            <FormSelect id="batch-account" value={accountId} onChange={(_e, x) => set('accountId', x)}>
              {props.accounts.map((a) => (
                <FormSelectOption key={a.id} value={a.id} label={accountLabel(a)} />
              ))}
            </FormSelect>
            <FieldError
              fieldId="batch-account"
              message={errorOf('accountId') ?? (props.accounts.length ? undefined : t('form.noAccount'))}
            />
          </FormGroup>
        </GridItem>
        <GridItem md={4}>
          <PlainTextField
            id="batch-executionDate"
            type="date"
            label={t('form.executionDate')}
            value={v.executionDate}
            onChange={(x) => set('executionDate', x)}
            error={errorOf('executionDate')}
            required
          />
        </GridItem>
        <GridItem md={8}>
          <ApproverPicker
            business={v.businessType}
            mode={mode.data}
            modeError={mode.error}
            value={v.approverIds}
            onChange={(ids) => set('approverIds', ids)}
            errorOf={errorOf}
          />
        </GridItem>
      </Grid>

      <Title headingLevel="h2">{t('form.lines')}</Title>
      <Grid hasGutter>
        <GridItem md={4}>
          <PlainTextField
            id="batch-pick-name"
            label={t('payees:filter.name')}
            value={pickName}
            onChange={setPickName}
          />
        </GridItem>
        <GridItem md={6}>
          <FormGroup label={t('form.pickLabel')} fieldId="batch-pick">
            <FormSelect id="batch-pick" value={picked} onChange={(_e, x) => setPicked(x)}>
              <FormSelectOption value="" label={t('form.pickNone')} />
              {options.map((p) => (
                <FormSelectOption
                  key={p.id}
                  value={p.id}
                  label={`${p.nameKana} ${p.bankCode}-${p.branchCode} ${p.accountNumber}`}
                />
              ))}
            </FormSelect>
          </FormGroup>
        </GridItem>
        <GridItem md={2}>
          <Button
            variant="secondary"
            className="kanri-batch-pick"
            isDisabled={!picked}
            onClick={() => {
              const p = payees.data?.items.find((x) => x.id === picked);
              if (p) set('lines', [...v.lines, fromPayee(p)]);
              setPicked('');
            }}
          >
            {t('form.pick')}
          </Button>
        </GridItem>
      </Grid>
      {v.lines.length > 0 && (
        <Table aria-label={t('form.lines')} variant="compact">
          <Thead>
            <Tr>
              <Th>{t('line.no')}</Th>
              <Th>{t('line.payeeName')}</Th>
              <Th>{t('line.bank')}</Th>
              <Th>{t('line.branch')}</Th>
              <Th>{t('line.accountType')}</Th>
              <Th>{t('line.accountNumber')}</Th>
              <Th>{t('line.amount')}</Th>
              <Th>{t('line.pattern')}</Th>
              <Th screenReaderText={t('form.removeLine', { n: '' })} />
            </Tr>
          </Thead>
          <Tbody>
            {v.lines.map((l, i) => (
              <Tr key={l.key}>
                <Td dataLabel={t('line.no')}>{i + 1}</Td>
                {lineInput(i, l, 'payeeNameKana')}
                {lineInput(i, l, 'bankCode')}
                {lineInput(i, l, 'branchCode')}
                <Td dataLabel={t('line.accountType')}>
                  <FormSelect
                    aria-label={t('form.lineField', { n: i + 1, field: t('line.accountType') })}
                    value={l.accountType}
                    onChange={(_e, x) => setLine(i, { accountType: x as LineAccountType })}
                  >
                    {LINE_ACCOUNT_TYPES.map((a) => (
                      <FormSelectOption key={a} value={a} label={t(`accountType.${a}`)} />
                    ))}
                  </FormSelect>
                </Td>
                {lineInput(i, l, 'accountNumber')}
                {lineInput(i, l, 'amount')}
                <Td dataLabel={t('line.pattern')}>
                  <FormSelect
                    aria-label={t('form.lineField', { n: i + 1, field: t('line.pattern') })}
                    value={l.pattern}
                    onChange={(_e, x) => setLine(i, { pattern: x as TransferPattern })}
                  >
                    {TRANSFER_PATTERNS.map((p) => (
                      <FormSelectOption key={p} value={p} label={t(`pattern.${p}`)} />
                    ))}
                  </FormSelect>
                </Td>
                <Td isActionCell>
                  <Button
                    variant="link"
                    onClick={() =>
                      set(
                        'lines',
                        v.lines.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('form.removeLine', { n: i + 1 })}
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      <FieldError fieldId="batch-lines" message={errorOf('lines')} />
      <p>{t('form.total', { count: v.lines.length, amount: total(v.lines).toLocaleString('ja-JP') })}</p>
      <ActionGroup>
        <Button variant="secondary" onClick={() => set('lines', [...v.lines, blankLine()])}>
          {t('form.addBlank')}
        </Button>
        <Button type="submit" variant="primary">
          {t('confirm:next')}
        </Button>
        <Link to="/batches">{t('detail.backToList')}</Link>
      </ActionGroup>
    </Form>
  );
}
