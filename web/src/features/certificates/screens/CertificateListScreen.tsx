import { useState } from 'react';
import {
  Alert,
  Button,
  Label,
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
  type Certificate,
  CERTIFICATE_STATUSES,
  CERTIFICATE_TYPES,
  useCertificates,
  useExportCertificates,
} from '../api';

const FILTERS = ['type', 'status'] as const;

export const STATUS_COLOR = { active: 'green', revoked: 'red', expired: 'grey' } as const;

/** 証明書一覧 (manual 002): every certificate of the organization, filtered by type and state; 一括ダウンロード. */
export function CertificateListScreen() {
  const { t } = useTranslation('certificates');
  const list = useListState({ sort: 'createdAt', order: 'desc', filters: FILTERS });
  const { data, isFetching } = useCertificates(list.state);
  const exporter = useExportCertificates();
  const [saved, setSaved] = useState<string>();

  const columns: Column<Certificate>[] = [
    {
      key: 'serialNumber',
      header: t('field.serialNumber'),
      cell: (c) => <Link to={`/certificates/list/${c.id}`}>{c.serialNumber}</Link>,
    },
    { key: 'type', header: t('field.type'), cell: (c) => t(`type.${c.type}`) },
    { key: 'commonName', header: t('field.commonName'), cell: (c) => c.commonName },
    { key: 'domain', header: t('field.domain'), cell: (c) => c.domain ?? '—' },
    { key: 'notAfter', header: t('field.notAfter'), cell: (c) => formatDateTime(c.notAfter) },
    {
      key: 'status',
      header: t('field.status'),
      cell: (c) => (
        <Label color={STATUS_COLOR[c.status]} isCompact>
          {t(`status.${c.status}`)}
        </Label>
      ),
    },
  ];

  const toggle = (filter: (typeof FILTERS)[number], values: readonly string[]) => (
    <ToggleGroup aria-label={t(`field.${filter}`)} isCompact>
      {['', ...values].map((value) => (
        <ToggleGroupItem
          key={value || 'all'}
          text={value ? t(`${filter}.${value}`) : t('list.all')}
          isSelected={(list.state.filters[filter][0] ?? '') === value}
          onChange={() => list.setFilter(filter, value ? [value] : [])}
        />
      ))}
    </ToggleGroup>
  );

  const download = (format: 'tsv' | 'csv') => {
    setSaved(undefined);
    exporter.mutate({ state: list.state, format, encoding: 'utf8' }, { onSuccess: setSaved });
  };

  return (
    <PageSection>
      <Title headingLevel="h1">{t('list.title')}</Title>
      {saved && <Alert variant="success" isInline isPlain title={t('list.downloaded', { file: saved })} />}
      {exporter.isError && (
        <Alert variant="danger" isInline isPlain title={errorMessage(t, exporter.error)} />
      )}
      <DataTable<Certificate>
        label={t('list.title')}
        columns={columns}
        rows={data?.items}
        rowId={(c) => c.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        emptyText={t('list.empty')}
        searchPlaceholder={t('list.search')}
        filters={
          <>
            <ToolbarItem>{toggle('type', CERTIFICATE_TYPES)}</ToolbarItem>
            <ToolbarItem>{toggle('status', CERTIFICATE_STATUSES)}</ToolbarItem>
          </>
        }
        actions={
          <>
            <Link className="pf-v6-c-button pf-m-primary" to="/certificates/issue">
              {t('list.issue')}
            </Link>{' '}
            <Button variant="secondary" onClick={() => download('tsv')} isLoading={exporter.isPending}>
              {t('list.download')} ({t('list.tsv')})
            </Button>{' '}
            <Button variant="secondary" onClick={() => download('csv')} isLoading={exporter.isPending}>
              {t('list.download')} ({t('list.csv')})
            </Button>
          </>
        }
      />
    </PageSection>
  );
}
