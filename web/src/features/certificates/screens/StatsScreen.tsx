import { PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { useCertificateStats } from '../api';

/** 発行証明書統計照会 (manual 002): how many certificates per domain, type and state. */
export function StatsScreen() {
  const { t } = useTranslation('certificates');
  const { data } = useCertificateStats();
  return (
    <PageSection>
      <Title headingLevel="h1">{t('stats.title')}</Title>
      {data && <p role="status">{t('stats.totals', data.totals)}</p>}
      <Table aria-label={t('stats.title')} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('field.domain')}</Th>
            <Th>{t('field.type')}</Th>
            <Th>{t('field.status')}</Th>
            <Th>{t('stats.count')}</Th>
          </Tr>
        </Thead>
        <Tbody>
          {(data?.items ?? []).map((row) => (
            <Tr key={`${row.domain ?? ''}-${row.type}-${row.status}`}>
              <Td>{row.domain ?? t('stats.noDomain')}</Td>
              <Td>{t(`type.${row.type}`)}</Td>
              <Td>{t(`status.${row.status}`)}</Td>
              <Td>{row.count}</Td>
            </Tr>
          ))}
          {data?.items.length === 0 && (
            <Tr>
              <Td colSpan={4}>{t('stats.empty')}</Td>
            </Tr>
          )}
        </Tbody>
      </Table>
    </PageSection>
  );
}
