import { useMemo } from 'react';
import {
  Alert,
  FormSelect,
  FormSelectOption,
  PageSection,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  ToolbarItem,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import {
  BATCH_BUSINESSES,
  BATCH_LIST_DEFAULTS,
  type Batch,
  businessOf,
  REQUEST_STATUSES,
  REQUEST_VIEWS,
  useBatchList,
} from '../api';
import { yenOf } from './format';

/**
 * 総合振込 / 給与・賞与振込: the batches of one business a page at a time, as the request list offers them (my
 * requests, awaiting my approval, 全取引照会; by status), each opening its 照会 with lines and files.
 */
export function BatchListScreen() {
  const { t } = useTranslation('batches');
  const list = useListState(BATCH_LIST_DEFAULTS);
  const business = businessOf(list.state);
  const { data, isFetching, error } = useBatchList(list.state);
  const f = list.state.filters;

  const columns: Column<Batch>[] = useMemo(
    () => [
      {
        key: 'createdAt',
        header: t('col.createdAt'),
        cell: (b) => (
          <Link to={`/batches/${b.id}`} aria-label={`${formatDateTime(b.createdAt)} ${t('list.detail')}`}>
            {formatDateTime(b.createdAt)}
          </Link>
        ),
      },
      {
        key: 'business',
        header: t('col.business'),
        cell: (b) =>
          b.payrollKind ? t(`payrollKind.${b.payrollKind}`) : t(`business.${b.businessType}`, b.businessType),
      },
      { key: 'executionDate', header: t('col.executionDate'), cell: (b) => b.executionDate },
      { key: 'amount', header: t('col.amount'), cell: (b) => yenOf(b.amount) },
      { key: 'fee', header: t('col.fee'), cell: (b) => (b.fee ? yenOf(b.fee.actualFee) : '') },
      { key: 'status', header: t('col.status'), cell: (b) => t(`status.${b.status}`) },
    ],
    [t],
  );

  const filters = (
    <>
      <ToolbarItem>
        <ToggleGroup aria-label={t('list.business')}>
          {BATCH_BUSINESSES.map((b) => (
            <ToggleGroupItem
              key={b}
              text={t(`business.${b}`)}
              buttonId={`batch-business-${b}`}
              isSelected={business === b}
              onChange={() => list.setFilter('businessType', b === 'bulk_transfer' ? [] : [b])}
            />
          ))}
        </ToggleGroup>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          id="batch-view"
          aria-label={t('list.view')}
          value={f.view[0] ?? 'mine'}
          onChange={(_e, v) => list.setFilter('view', v === 'mine' ? [] : [v])}
        >
          {REQUEST_VIEWS.map((v) => (
            <FormSelectOption key={v} value={v} label={t(`view.${v}`)} />
          ))}
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          id="batch-status"
          aria-label={t('list.status')}
          value={f.status[0] ?? ''}
          onChange={(_e, v) => list.setFilter('status', v ? [v] : [])}
        >
          <FormSelectOption value="" label={t('list.allStatuses')} />
          {REQUEST_STATUSES.map((s) => (
            <FormSelectOption key={s} value={s} label={t(`status.${s}`)} />
          ))}
        </FormSelect>
      </ToolbarItem>
    </>
  );

  const actions = (
    <>
      <ToolbarItem>
        <Link className="pf-v6-c-button pf-m-primary" to={`/batches/new?business=${business}`}>
          {t('list.create')}
        </Link>
      </ToolbarItem>
      <ToolbarItem>
        <Link className="pf-v6-c-button pf-m-secondary" to="/batches/import">
          {t('list.import')}
        </Link>
      </ToolbarItem>
    </>
  );

  return (
    <PageSection>
      <Title headingLevel="h1">{t('list.title')}</Title>
      <p>{t('list.lead')}</p>
      {error && <Alert variant="danger" isInline role="alert" title={errorMessage(t, error)} />}
      <DataTable<Batch>
        label={t('list.title')}
        columns={columns}
        rows={data?.items}
        rowId={(b) => b.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={filters}
        actions={actions}
      />
    </PageSection>
  );
}
