import { useState } from 'react';
import type { TFunction } from 'i18next';
import { ActionGroup, Button, Form, PageSection, Title } from '@patternfly/react-core';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BulkConfirmDialog, ConfirmStep, type StepErrors } from '../../../components/confirm-step';
import { type Column, DataTable, todayInAppZone, useListState } from '../../../components/data-table';
import { FormError, PlainTextField } from '../../../lib/errors/fields';
import { type Band, toBands, toRows } from '../../bank/api';
import {
  type FeeCells,
  FeeBandsTable,
  feeAmount,
  FeeGridEditor,
  gridOf,
  gridProblems,
} from '../../bank/components/FeeGrid';
import {
  type StandardFeeVersion,
  useCreateStandardFee,
  useStandardFees,
  useWithdrawStandardFee,
} from '../api';

/**
 * 基準手数料 (system operator, SPEC §6): the dated versions of the standard fee table with their state, the grid of
 * the one in effect today, registering a version from an effective date and withdrawing one not yet in effect.
 * The grids are 手数料情報's own (features/bank/components/FeeGrid).
 */
export function StandardFeesScreen() {
  const { t } = useTranslation('company');
  const { t: tb } = useTranslation('bank');
  const versions = useStandardFees();
  const withdraw = useWithdrawStandardFee();
  const navigate = useNavigate();
  const list = useListState({ sort: 'effectiveFrom', filters: [] as const });
  const [withdrawing, setWithdrawing] = useState<StandardFeeVersion>();
  const [notice, setNotice] = useState<string>();
  const all = versions.data ?? [];
  const { page, perPage } = list.state;
  const current = all.find((v) => v.state === 'current');
  const columns: Column<StandardFeeVersion>[] = [
    { key: 'revision', header: t('standard.revision'), cell: (v) => v.revision },
    { key: 'effectiveFrom', header: t('standard.effectiveFrom'), cell: (v) => v.effectiveFrom },
    { key: 'state', header: t('standard.state'), cell: (v) => t(`standard.states.${v.state}`) },
    {
      key: 'rows',
      header: t('standard.rows'),
      cell: (v) => (
        <FeeBandsTable
          label={`${t('standard.title')} ${v.effectiveFrom}`}
          rangeHeader={tb('fees.range.payer')}
          bands={toBands(v.rows)}
        />
      ),
    },
  ];
  return (
    <PageSection>
      <Title headingLevel="h1">{t('standard.title')}</Title>
      <p>{t('standard.lead')}</p>
      {notice && <p role="status">{notice}</p>}
      <DataTable<StandardFeeVersion>
        label={t('standard.versions')}
        columns={columns}
        rows={versions.data ? all.slice((page - 1) * perPage, page * perPage) : undefined}
        total={versions.data ? all.length : undefined}
        rowId={(v) => v.id}
        list={list}
        loading={versions.isFetching}
        emptyText={t('standard.none')}
        actions={
          <Button variant="primary" onClick={() => void navigate('/operator/standard-fees/new')}>
            {t('standard.register')}
          </Button>
        }
        rowActionsHeader={t('accounts.actions')}
        rowActions={(v) =>
          v.state === 'scheduled' ? (
            <Button variant="link" isInline onClick={() => setWithdrawing(v)}>
              {t('standard.withdraw')}（{v.effectiveFrom}）
            </Button>
          ) : null
        }
      />
      {current === undefined && versions.data && <p>{t('standard.none')}</p>}
      {withdrawing && (
        <BulkConfirmDialog
          title={t('standard.withdrawTitle')}
          message={t('standard.withdrawMessage', { date: withdrawing.effectiveFrom })}
          confirmationPassword={false}
          danger
          onConfirm={async () => {
            await withdraw.mutateAsync(withdrawing.id);
            setNotice(t('standard.withdrawn'));
          }}
          onClose={() => setWithdrawing(undefined)}
        />
      )}
    </PageSection>
  );
}

interface Values {
  effectiveFrom: string;
  lowers: string[];
  cells: FeeCells[];
}

const bandText = (b: Band, tb: TFunction) =>
  (['same_branch', 'other_branch', 'other_bank'] as const)
    .map(
      (p) => `${tb(`pattern.${p}`)} ${tb('fees.yen', { amount: (b.fees[p] ?? 0).toLocaleString('ja-JP') })}`,
    )
    .join(' / ');

const rangeText = (b: Band, tb: TFunction) =>
  `${tb('fees.from', { amount: b.from.toLocaleString('ja-JP') })}${
    b.to === null ? '' : ` ${tb('fees.to', { amount: b.to.toLocaleString('ja-JP') })}`
  }`;

const rowsOf = (v: Values) =>
  toRows(
    v.lowers.map(feeAmount),
    v.cells.map((c) => ({
      same_branch: feeAmount(c.same_branch),
      other_branch: feeAmount(c.other_branch),
      other_bank: feeAmount(c.other_bank),
    })),
  );

/** 基準手数料の登録: effective date and grid → 入力内容確認 (lines that differ from today's version in red) → 完了. */
export function StandardFeeRegisterScreen() {
  const { t } = useTranslation('company');
  const { t: tb } = useTranslation('bank');
  const versions = useStandardFees();
  const create = useCreateStandardFee();
  if (!versions.data) return null;
  const current = versions.data.find((v) => v.state === 'current');
  const currentBands = toBands(current?.rows ?? []);
  const same = (b: Band) =>
    currentBands.some(
      (c) =>
        c.from === b.from &&
        c.to === b.to &&
        (['same_branch', 'other_branch', 'other_bank'] as const).every((p) => c.fees[p] === b.fees[p]),
    );
  return (
    <PageSection>
      <ConfirmStep<Values, StandardFeeVersion>
        title={t('standard.registerTitle')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'effectiveFrom', label: t('standard.effectiveFrom'), value: v.effectiveFrom },
          ...toBands(rowsOf(v)).map((b, i) => ({
            name: i === 0 ? 'rows' : `band-${i}`,
            label: rangeText(b, tb),
            value: bandText(b, tb),
            changed: !same(b),
          })),
        ]}
        submit={(v) => create.mutateAsync({ effectiveFrom: v.effectiveFrom, rows: rowsOf(v) })}
        done={(version) => (
          <>
            <p>{t('standard.done', { date: version.effectiveFrom })}</p>
            <Link to="/operator/standard-fees">{t('standard.title')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <StandardFeeInput
            initial={values ?? { effectiveFrom: todayInAppZone(), ...gridOf(currentBands) }}
            errors={errors}
            onNext={onNext}
          />
        )}
      />
    </PageSection>
  );
}

function StandardFeeInput(props: { initial: Values; errors: StepErrors; onNext(v: Values): void }) {
  const { t } = useTranslation('company');
  const { t: tb } = useTranslation('bank');
  const [effectiveFrom, setEffectiveFrom] = useState(props.initial.effectiveFrom);
  const [lowers, setLowers] = useState(props.initial.lowers);
  const [cells, setCells] = useState(props.initial.cells);
  const [own, setOwn] = useState<Record<string, string>>({});
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems = gridProblems(tb, lowers, cells);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom.trim()))
          problems.effectiveFrom = t('standard.dateInvalid');
        setOwn(problems);
        if (!Object.keys(problems).length)
          props.onNext({ effectiveFrom: effectiveFrom.trim(), lowers, cells });
      }}
    >
      <FormError message={props.errors.form ?? props.errors.fields.rows} />
      <PlainTextField
        id="standard-effective-from"
        label={t('standard.effectiveFrom')}
        type="date"
        value={effectiveFrom}
        onChange={setEffectiveFrom}
        required
        error={own.effectiveFrom ?? props.errors.fields.effectiveFrom}
      />
      <Title headingLevel="h2">{t('standard.grid')}</Title>
      <FeeGridEditor
        prefix="standard"
        label={t('standard.grid')}
        rangeHeader={tb('fees.range.payer')}
        lowers={lowers}
        cells={cells}
        onChange={(l, c) => {
          setLowers(l);
          setCells(c);
        }}
        errors={own}
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('common.next')}
        </Button>
        <Link to="/operator/standard-fees">{t('standard.title')}</Link>
      </ActionGroup>
    </Form>
  );
}
