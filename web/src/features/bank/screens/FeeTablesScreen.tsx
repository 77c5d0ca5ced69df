import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  PageSection,
  Radio,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import {
  FEE_METHODS,
  FEE_TABLE_KINDS,
  type FeeMethod,
  type FeeTable,
  type FeeTableKind,
  hasMethod,
  hasMinimum,
  toBands,
  toRows,
  TRANSFER_PATTERNS,
  type TransferPattern,
  useFeeTable,
  useLoadStandard,
  usePutFeeTable,
} from '../api';

const yen = (n: number) => n.toLocaleString('ja-JP');

/**
 * 手数料情報 (manual 001): the three tables as tabs; each shows its 照会 view (the bands × patterns grid as it
 * applies today) and the 変更 form (使用する, 手数料計算方法, 適用最低支払金額, the grid, 手数料を読み込む).
 */
export function FeeTablesScreen() {
  const { t } = useTranslation('bank');
  const [params, setParams] = useSearchParams();
  const kind = (FEE_TABLE_KINDS as readonly string[]).includes(params.get('kind') ?? '')
    ? (params.get('kind') as FeeTableKind)
    : FEE_TABLE_KINDS[0];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('fees.title')}</Title>
      <p>{t('fees.lead')}</p>
      <Tabs
        activeKey={kind}
        onSelect={(_e, key) => setParams({ kind: String(key) }, { replace: true })}
        aria-label={t('fees.title')}
      >
        {FEE_TABLE_KINDS.map((k) => (
          <Tab key={k} eventKey={k} title={<TabTitleText>{t(`kind.${k}`)}</TabTitleText>}>
            {k === kind && <FeeTablePanel kind={k} />}
          </Tab>
        ))}
      </Tabs>
    </PageSection>
  );
}

function FeeTablePanel({ kind }: { kind: FeeTableKind }) {
  const { data } = useFeeTable(kind);
  // Kept here: a saved table is a new version, which gives the form a new key (fresh values) and would lose it.
  const [notice, setNotice] = useState<string>();
  if (!data) return null;
  return (
    <>
      {notice && <Alert variant="success" isInline title={notice} />}
      <FeeTableView table={data} />
      <FeeTableForm
        table={data}
        onNotice={setNotice}
        key={`${data.version?.id ?? 'none'}-${data.useStandard}`}
      />
    </>
  );
}

/** 照会: the table that applies today. */
function FeeTableView({ table }: { table: FeeTable }) {
  const { t } = useTranslation('bank');
  const bands = toBands(table.rows);
  const state = table.useStandard
    ? table.version
      ? t('fees.following')
      : t('fees.never')
    : t('fees.own', { date: table.version?.effectiveFrom ?? table.date });
  return (
    <section aria-labelledby={`fee-view-${table.kind}`}>
      <Title headingLevel="h2" id={`fee-view-${table.kind}`}>
        {t('fees.view')}（{t('fees.asOf', { date: table.date })}）
      </Title>
      <p>{state}</p>
      {table.method && (
        <p>
          {t('fees.method')}: {t(`method.${table.method}`)}
        </p>
      )}
      {table.minimumPaymentAmount !== null && (
        <p>
          {t('fees.minimum')}: {t('fees.yen', { amount: yen(table.minimumPaymentAmount) })}
        </p>
      )}
      {bands.length === 0 ? (
        <p>{t('fees.noStandard')}</p>
      ) : (
        <Table aria-label={`${t(`kind.${table.kind}`)} ${t('fees.view')}`} variant="compact">
          <Thead>
            <Tr>
              <Th>{t(hasMinimum(table.kind) ? 'fees.range.payee' : 'fees.range.payer')}</Th>
              {TRANSFER_PATTERNS.map((p) => (
                <Th key={p}>{t(`pattern.${p}`)}</Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {bands.map((b) => (
              <Tr key={`${b.from}-${b.to ?? ''}`}>
                <Td>
                  {t('fees.from', { amount: yen(b.from) })}
                  {b.to !== null && ` ${t('fees.to', { amount: yen(b.to) })}`}
                </Td>
                {TRANSFER_PATTERNS.map((p) => (
                  <Td key={p}>{b.fees[p] === undefined ? '—' : t('fees.yen', { amount: yen(b.fees[p]) })}</Td>
                ))}
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}

type FeeCells = Record<TransferPattern, string>;

/** 変更: a new version from today. Amounts are typed as text and checked before anything is sent. */
function FeeTableForm({ table, onNotice }: { table: FeeTable; onNotice(notice?: string): void }) {
  const { t } = useTranslation('bank');
  const put = usePutFeeTable(table.kind);
  const load = useLoadStandard(table.kind);
  const start = toBands(table.rows);
  const [useStandard, setUseStandard] = useState(table.useStandard);
  const [method, setMethod] = useState<FeeMethod>(table.method ?? 'fixed');
  const [minimum, setMinimum] = useState(String(table.minimumPaymentAmount ?? 0));
  const [lowers, setLowers] = useState<string[]>(start.length ? start.map((b) => String(b.from)) : ['0']);
  const [cells, setCells] = useState<FeeCells[]>(
    start.length
      ? start.map((b) => ({
          same_branch: String(b.fees.same_branch ?? ''),
          other_branch: String(b.fees.other_branch ?? ''),
          other_bank: String(b.fees.other_bank ?? ''),
        }))
      : [{ same_branch: '', other_branch: '', other_bank: '' }],
  );
  const [own, setOwn] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const setNotice = onNotice;
  const prefix = `fee-${table.kind}`;
  const amount = (text: string) => (/^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN);

  const check = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    if (hasMinimum(table.kind) && Number.isNaN(amount(minimum))) problems.minimum = t('fees.invalidAmount');
    if (useStandard) return problems;
    lowers.forEach((text, i) => {
      if (i === 0) return;
      const value = amount(text);
      if (Number.isNaN(value)) problems[`lower-${i}`] = t('fees.invalidAmount');
      else if (value <= amount(lowers[i - 1])) problems[`lower-${i}`] = t('fees.notAscending');
    });
    cells.forEach((row, i) =>
      TRANSFER_PATTERNS.forEach((p) => {
        if (Number.isNaN(amount(row[p]))) problems[`fee-${i}-${p}`] = t('fees.invalidAmount');
      }),
    );
    return problems;
  };

  const submit = () => {
    setNotice(undefined);
    const problems = check();
    setOwn(problems);
    if (Object.keys(problems).length) return;
    put.mutate(
      {
        useStandard,
        ...(hasMethod(table.kind) ? { method } : {}),
        ...(hasMinimum(table.kind) ? { minimumPaymentAmount: amount(minimum) } : {}),
        ...(useStandard
          ? {}
          : {
              rows: toRows(
                lowers.map(amount),
                cells.map((row) => ({
                  same_branch: amount(row.same_branch),
                  other_branch: amount(row.other_branch),
                  other_bank: amount(row.other_bank),
                })),
              ),
            }),
      },
      {
        onSuccess: () => {
          setErrors({ fields: {} });
          setNotice(t('fees.saved'));
        },
        onError: (error) => setErrors(toStepErrors(t, error)),
      },
    );
  };

  const numberInput = (
    id: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    disabled = false,
  ) => (
    <>
      <TextInput
        id={id}
        aria-label={label}
        inputMode="numeric"
        value={value}
        isDisabled={disabled}
        onChange={(_e, v) => onChange(v)}
        validated={own[id.slice(prefix.length + 1)] ? 'error' : 'default'}
        aria-invalid={own[id.slice(prefix.length + 1)] ? true : undefined}
        aria-describedby={own[id.slice(prefix.length + 1)] ? `${id}-error` : undefined}
      />
      <FieldError fieldId={id} message={own[id.slice(prefix.length + 1)]} />
    </>
  );

  return (
    <Form
      noValidate
      aria-labelledby={`${prefix}-edit`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Title headingLevel="h2" id={`${prefix}-edit`}>
        {t('fees.edit')}
      </Title>
      <FormError message={errors.form ?? Object.values(errors.fields)[0]} />
      <Checkbox
        id={`${prefix}-use-standard`}
        label={t('fees.useStandard')}
        isChecked={useStandard}
        onChange={(_e, v) => setUseStandard(v)}
      />
      {hasMethod(table.kind) && (
        <FormGroup role="radiogroup" label={t('fees.method')} fieldId={`${prefix}-method`} isInline>
          {FEE_METHODS.map((m) => (
            <Radio
              key={m}
              id={`${prefix}-method-${m}`}
              name={`${prefix}-method`}
              label={t(`method.${m}`)}
              isChecked={method === m}
              onChange={() => setMethod(m)}
            />
          ))}
        </FormGroup>
      )}
      {hasMinimum(table.kind) && (
        <FormGroup label={t('fees.minimum')} fieldId={`${prefix}-minimum`}>
          {numberInput(`${prefix}-minimum`, t('fees.minimum'), minimum, setMinimum)}
        </FormGroup>
      )}
      {!useStandard && (
        <>
          <Table aria-label={`${t(`kind.${table.kind}`)} ${t('fees.edit')}`} variant="compact">
            <Thead>
              <Tr>
                <Th>{t(hasMinimum(table.kind) ? 'fees.range.payee' : 'fees.range.payer')}</Th>
                {TRANSFER_PATTERNS.map((p) => (
                  <Th key={p}>{t(`pattern.${p}`)}</Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {lowers.map((lower, i) => (
                <Tr key={i}>
                  <Td>
                    {numberInput(
                      `${prefix}-lower-${i}`,
                      t('fees.lowerBound', { n: i + 1 }),
                      lower,
                      (v) => setLowers(lowers.map((x, j) => (j === i ? v : x))),
                      i === 0,
                    )}
                  </Td>
                  {TRANSFER_PATTERNS.map((p) => (
                    <Td key={p}>
                      {numberInput(
                        `${prefix}-fee-${i}-${p}`,
                        t('fees.feeOf', { n: i + 1, pattern: t(`pattern.${p}`) }),
                        cells[i][p],
                        (v) => setCells(cells.map((row, j) => (j === i ? { ...row, [p]: v } : row))),
                      )}
                    </Td>
                  ))}
                </Tr>
              ))}
            </Tbody>
          </Table>
          <ActionGroup>
            <Button
              variant="secondary"
              onClick={() => {
                setLowers([...lowers, '']);
                setCells([...cells, { same_branch: '', other_branch: '', other_bank: '' }]);
              }}
            >
              {t('fees.addBand')}
            </Button>
            <Button
              variant="secondary"
              isDisabled={lowers.length < 2}
              onClick={() => {
                setLowers(lowers.slice(0, -1));
                setCells(cells.slice(0, -1));
              }}
            >
              {t('fees.removeBand')}
            </Button>
          </ActionGroup>
        </>
      )}
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={put.isPending} isDisabled={put.isPending}>
          {t('fees.save')}
        </Button>
        <Button
          variant="secondary"
          isLoading={load.isPending}
          onClick={() =>
            load.mutate(undefined, {
              onSuccess: () => setNotice(t('fees.loaded')),
              onError: (error) => setErrors(toStepErrors(t, error)),
            })
          }
        >
          {t('fees.load')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
