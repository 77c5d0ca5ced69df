import { useState } from 'react';
import {
  Button,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { HANDLING_ACTIONS, type HandlingLogRow, useHandlingLog } from '../api';

const FILTERS = ['action', 'from', 'to'] as const;

/** マイナンバー取扱記録 (manual 004): who showed, exported, imported or deleted whose record, newest first. */
export function HandlingLogScreen() {
  const { t } = useTranslation('vault');
  const list = useListState({ sort: 'occurredAt', order: 'desc', filters: FILTERS });
  const from = list.state.filters.from[0] ?? '';
  const to = list.state.filters.to[0] ?? '';
  const [range, setRange] = useState({ from, to });
  const { data, isFetching } = useHandlingLog(list.state, from, to);

  const columns: Column<HandlingLogRow>[] = [
    { key: 'at', header: t('log.col.at'), cell: (r) => formatDateTime(r.occurredAt) },
    {
      key: 'action',
      header: t('log.col.action'),
      cell: (r) => t(`log.actions.${r.action}`, { defaultValue: r.action }),
    },
    { key: 'operator', header: t('log.col.operator'), cell: (r) => r.operatorLoginId ?? '—' },
    {
      key: 'whose',
      header: t('log.col.whose'),
      cell: (r) =>
        r.employeeCode
          ? `${r.employeeCode}${r.relation ? `（${t(`relation.${r.relation}`, { defaultValue: r.relation })}）` : ''}`
          : '—',
    },
    { key: 'count', header: t('log.col.count'), cell: (r) => r.recordCount },
  ];

  return (
    <PageSection>
      <Title headingLevel="h1">{t('log.title')}</Title>
      <p>{t('log.lead')}</p>
      <DataTable<HandlingLogRow>
        label={t('log.title')}
        columns={columns}
        rows={data?.items}
        rowId={(r) => r.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={
          <>
            <ToolbarItem>
              <FormSelect
                id="vault-log-action"
                aria-label={t('log.action')}
                value={list.state.filters.action[0] ?? ''}
                onChange={(_e, value) => list.setFilter('action', value ? [value] : [])}
              >
                <FormSelectOption value="" label={t('log.all')} />
                {HANDLING_ACTIONS.map((a) => (
                  <FormSelectOption key={a} value={a} label={t(`log.actions.${a}`)} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <TextInput
                type="date"
                aria-label={t('log.from')}
                value={range.from}
                onChange={(_e, v) => setRange({ ...range, from: v })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <TextInput
                type="date"
                aria-label={t('log.to')}
                value={range.to}
                onChange={(_e, v) => setRange({ ...range, to: v })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant="secondary"
                onClick={() =>
                  list.setFilters({ from: range.from ? [range.from] : [], to: range.to ? [range.to] : [] })
                }
              >
                {t('log.search')}
              </Button>
            </ToolbarItem>
          </>
        }
      />
    </PageSection>
  );
}
