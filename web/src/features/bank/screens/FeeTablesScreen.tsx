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
  Title,
} from '@patternfly/react-core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { FormError } from '../../../lib/errors/fields';
import {
  FeeBandsTable,
  type FeeCells,
  FeeGridEditor,
  feeAmount,
  FeeNumberInput,
  gridOf,
  gridProblems,
} from '../components/FeeGrid';
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
        <FeeBandsTable
          label={`${t(`kind.${table.kind}`)} ${t('fees.view')}`}
          rangeHeader={t(hasMinimum(table.kind) ? 'fees.range.payee' : 'fees.range.payer')}
          bands={bands}
        />
      )}
    </section>
  );
}

/** 変更: a new version from today. Amounts are typed as text and checked before anything is sent. */
function FeeTableForm({ table, onNotice }: { table: FeeTable; onNotice(notice?: string): void }) {
  const { t } = useTranslation('bank');
  const put = usePutFeeTable(table.kind);
  const load = useLoadStandard(table.kind);
  const start = gridOf(toBands(table.rows));
  const [useStandard, setUseStandard] = useState(table.useStandard);
  const [method, setMethod] = useState<FeeMethod>(table.method ?? 'fixed');
  const [minimum, setMinimum] = useState(String(table.minimumPaymentAmount ?? 0));
  const [lowers, setLowers] = useState<string[]>(start.lowers);
  const [cells, setCells] = useState<FeeCells[]>(start.cells);
  const [own, setOwn] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const setNotice = onNotice;
  const prefix = `fee-${table.kind}`;
  const amount = feeAmount;

  const check = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    if (hasMinimum(table.kind) && Number.isNaN(amount(minimum))) problems.minimum = t('fees.invalidAmount');
    if (useStandard) return problems;
    return { ...problems, ...gridProblems(t, lowers, cells) };
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
          <FeeNumberInput
            id={`${prefix}-minimum`}
            label={t('fees.minimum')}
            value={minimum}
            onChange={setMinimum}
            error={own.minimum}
          />
        </FormGroup>
      )}
      {!useStandard && (
        <>
          <FeeGridEditor
            prefix={prefix}
            label={`${t(`kind.${table.kind}`)} ${t('fees.edit')}`}
            rangeHeader={t(hasMinimum(table.kind) ? 'fees.range.payee' : 'fees.range.payer')}
            lowers={lowers}
            cells={cells}
            onChange={(l, c) => {
              setLowers(l);
              setCells(c);
            }}
            errors={own}
          />
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
