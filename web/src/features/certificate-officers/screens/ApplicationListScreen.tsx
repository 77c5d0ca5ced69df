import { Label, ToggleGroup, ToggleGroupItem, ToolbarItem } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { Screen } from '../../sign-in/screen';
import { APPLICATION_STATUSES, type Application, useApplications } from '../api';

const FILTERS = ['status'] as const;

export const APPLICATION_STATUS_COLOR = {
  pending: 'orange',
  approved: 'blue',
  issued: 'green',
  rejected: 'red',
} as const;

/** 証明書申請一覧 (manual 002): the officer's queue (承認待ち first in the filter) or the applicant's own. */
export function ApplicationListScreen() {
  const { t } = useTranslation('certificate-officers');
  const list = useListState({ sort: 'createdAt', filters: FILTERS });
  const { data, isFetching } = useApplications(list.state);
  const columns: Column<Application>[] = [
    {
      key: 'createdAt',
      header: t('field.createdAt'),
      cell: (a) => <Link to={`/certificates/applications/${a.id}`}>{formatDateTime(a.createdAt)}</Link>,
    },
    { key: 'kind', header: t('field.kind'), cell: (a) => t(`kind.${a.kind}`) },
    { key: 'type', header: t('field.type'), cell: (a) => t(`certificates:type.${a.type}`) },
    {
      key: 'names',
      header: t('field.names'),
      cell: (a) => (a.dnsNames.length ? a.dnsNames.join(', ') : (a.commonName ?? '—')),
    },
    { key: 'keySource', header: t('field.keySource'), cell: (a) => t(`keySource.${a.keySource}`) },
    {
      key: 'status',
      header: t('field.status'),
      cell: (a) => (
        <Label color={APPLICATION_STATUS_COLOR[a.status]} isCompact>
          {t(`status.${a.status}`)}
        </Label>
      ),
    },
  ];
  return (
    <Screen title={t('applications.title')}>
      <DataTable<Application>
        label={t('applications.title')}
        columns={columns}
        rows={data?.items}
        rowId={(a) => a.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        emptyText={t('applications.empty')}
        filters={
          <ToolbarItem>
            <ToggleGroup aria-label={t('field.status')} isCompact>
              {['', ...APPLICATION_STATUSES].map((value) => (
                <ToggleGroupItem
                  key={value || 'all'}
                  text={value ? t(`status.${value}`) : t('applications.all')}
                  isSelected={(list.state.filters.status[0] ?? '') === value}
                  onChange={() => list.setFilter('status', value ? [value] : [])}
                />
              ))}
            </ToggleGroup>
          </ToolbarItem>
        }
        actions={
          <>
            <Link className="pf-v6-c-button pf-m-primary" to="/certificates/applications/new">
              {t('applications.apply')}
            </Link>{' '}
            <Link className="pf-v6-c-button pf-m-secondary" to="/certificates/applications/renewal">
              {t('applications.renew')}
            </Link>{' '}
            <Link className="pf-v6-c-button pf-m-secondary" to="/certificates/applications/bulk">
              {t('applications.bulk')}
            </Link>
          </>
        }
      />
    </Screen>
  );
}
