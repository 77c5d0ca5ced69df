import { Label, PageSection, Title, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, useListState } from '../../../components/data-table';
import { type InputStatusRow, useInputStatus } from '../api';

const FILTERS = ['status'] as const;

/** マイナンバー入力状況確認 (manual 004): per employee, what is still to collect from them and their family. */
export function InputStatusScreen() {
  const { t } = useTranslation('vault');
  const list = useListState({ sort: 'employeeCode', filters: FILTERS });
  const { data, isFetching } = useInputStatus(list.state);
  const status = list.state.filters.status[0] ?? '';

  const columns: Column<InputStatusRow>[] = [
    { key: 'employeeCode', header: t('status.col.employee'), cell: (r) => r.employeeCode },
    {
      key: 'name',
      header: t('status.col.name'),
      cell: (r) => (r.familyName === null ? t('status.unknownName') : `${r.familyName} ${r.givenName ?? ''}`),
    },
    {
      key: 'status',
      header: t('status.col.status'),
      cell: (r) => (
        <>
          <Label color={r.status === 'complete' ? 'green' : 'orange'} isCompact>
            {t(`status.${r.status}`)}
          </Label>
          {!r.selfRecorded && <> {t('status.selfMissing')}</>}
        </>
      ),
    },
    {
      key: 'counts',
      header: t('status.col.counts'),
      cell: (r) => `${r.counts.collected}／${r.counts.notSubmitted}／${r.counts.refused}`,
    },
    {
      key: 'members',
      header: t('status.col.members'),
      cell: (r) =>
        r.members
          .filter((m) => m.relation !== 'self')
          .map(
            (m) =>
              `${m.familyName} ${m.givenName}（${t(`relation.${m.relation}`)}・${t(`state.${m.state}`)}）`,
          )
          .join('、') || '—',
    },
  ];

  const s = data?.summary;
  return (
    <PageSection>
      <Title headingLevel="h1">{t('status.title')}</Title>
      <p>{t('status.lead')}</p>
      {s && (
        <p role="status">
          {t('status.summary', {
            employees: s.employees,
            complete: s.complete,
            incomplete: s.incomplete,
            collected: s.records.collected,
            notSubmitted: s.records.notSubmitted,
            refused: s.records.refused,
          })}
        </p>
      )}
      <DataTable<InputStatusRow>
        label={t('status.title')}
        columns={columns}
        rows={data?.items}
        rowId={(r) => r.employeeCode}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={
          <ToggleGroup aria-label={t('status.col.status')} isCompact>
            {(['', 'complete', 'incomplete'] as const).map((value) => (
              <ToggleGroupItem
                key={value || 'all'}
                text={t(`status.filter.${value || 'all'}`)}
                isSelected={status === value}
                onChange={() => list.setFilter('status', value ? [value] : [])}
              />
            ))}
          </ToggleGroup>
        }
      />
    </PageSection>
  );
}
