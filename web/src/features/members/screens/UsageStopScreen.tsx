import { useState } from 'react';
import { Alert, Button, Checkbox, PageSection, TextInput, Title } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, todayInAppZone, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { useSetUsageStopDate, useUsageStopDates } from '../api';
import type { UsageStopEntry } from '../types';

/**
 * ユーザー利用停止日一覧・設定 (manual 000): every member with their stop date; a date from today on, or 解除.
 * The API refuses past dates and the last manager's stop date; the reason shows on the row.
 */
export function UsageStopScreen() {
  const { t } = useTranslation('members');
  const list = useListState({ sort: 'loginId', filters: ['scheduled'] as const });
  const scheduledOnly = list.state.filters.scheduled.includes('1');
  const { data, isFetching } = useUsageStopDates(list.state, scheduledOnly);
  const save = useSetUsageStopDate();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string>();
  const today = todayInAppZone();

  const apply = async (u: UsageStopEntry, date: string | null) => {
    setSaved(undefined);
    try {
      await save.mutateAsync({ userId: u.id, date });
      setRowErrors((e) => without(e, u.id));
      setDrafts((d) => without(d, u.id));
      setSaved(t('usageStop.saved', { loginId: u.loginId }));
    } catch (error) {
      setRowErrors((e) => ({ ...e, [u.id]: errorMessage(t, error) }));
    }
  };

  const columns: Column<UsageStopEntry>[] = [
    { key: 'loginId', header: t('col.loginId'), cell: (u) => u.loginId },
    {
      key: 'name',
      header: `${t('col.familyName')} ${t('col.givenName')}`,
      cell: (u) => `${u.familyName} ${u.givenName}${u.isManager ? `（${t('usageStop.manager')}）` : ''}`,
    },
    {
      key: 'date',
      header: t('field.usageStopDate'),
      cell: (u) => (
        <>
          <TextInput
            type="date"
            aria-label={t('usageStop.dateFor', { loginId: u.loginId })}
            min={today}
            value={drafts[u.id] ?? u.usageStopDate ?? ''}
            onChange={(_e, v) => setDrafts((d) => ({ ...d, [u.id]: v }))}
            validated={rowErrors[u.id] ? 'error' : 'default'}
          />
          {rowErrors[u.id] && (
            <p className="pf-v6-c-helper-text__item pf-m-error" role="alert">
              {rowErrors[u.id]}
            </p>
          )}
        </>
      ),
    },
  ];

  return (
    <PageSection>
      <Title headingLevel="h1">{t('usageStop.title')}</Title>
      <p>{t('usageStop.lead')}</p>
      {saved && <Alert variant="success" isInline title={saved} role="status" />}
      <DataTable<UsageStopEntry>
        label={t('usageStop.title')}
        columns={columns}
        rows={data?.items}
        rowId={(u) => u.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={
          <Checkbox
            id="usage-stop-scheduled"
            label={t('usageStop.scheduledOnly')}
            isChecked={scheduledOnly}
            onChange={(_e, v) => list.setFilter('scheduled', v ? ['1'] : [])}
          />
        }
        rowActions={(u) => (
          <>
            <Button
              variant="secondary"
              size="sm"
              isDisabled={!drafts[u.id] || drafts[u.id] === u.usageStopDate}
              onClick={() => void apply(u, drafts[u.id])}
            >
              {t('usageStop.set')}
              <span className="pf-v6-screen-reader"> {u.loginId}</span>
            </Button>{' '}
            <Button
              variant="link"
              size="sm"
              isDisabled={!u.usageStopDate}
              onClick={() => void apply(u, null)}
            >
              {t('usageStop.clear')}
              <span className="pf-v6-screen-reader"> {u.loginId}</span>
            </Button>
          </>
        )}
      />
    </PageSection>
  );
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}
