import { Alert, Label, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { useUser } from '../../members/api';
import { useClientCertificatesOf } from '../api';
import { STATUS_COLOR } from './CertificateListScreen';

/** 「姓 名（loginId）」 of the member whose certificates these are, once the member's record has loaded. */
export function useHolder(userId: string): { name: string; loginId: string } | undefined {
  const user = useUser(userId).data;
  if (!user) return undefined;
  return { name: [user.familyName, user.givenName].filter(Boolean).join(' '), loginId: user.loginId };
}

export const clientCertificatesPath = (userId: string) =>
  `/users/${encodeURIComponent(userId)}/client-certificates`;

/**
 * クライアント証明書: the certificates one member signs in with (SPEC §3.6), newest first, with their validity and
 * state (when and why for a revoked one), and the way to 電子証明書失効 while any is active. A member has a handful
 * at most: no paging.
 */
export function ClientCertificatesScreen() {
  const { t } = useTranslation('certificates');
  const { userId = '' } = useParams();
  const certificates = useClientCertificatesOf(userId);
  const holder = useHolder(userId);
  const rows = certificates.data ?? [];
  const active = rows.filter((c) => c.status === 'active').length;

  return (
    <PageSection>
      <Title headingLevel="h1">{t('holder.title')}</Title>
      {holder && <p>{t('holder.of', holder)}</p>}
      {certificates.isError && (
        <Alert variant="danger" isInline title={errorMessage(t, certificates.error)} role="alert" />
      )}
      {active > 0 && (
        <p>
          <Link className="pf-v6-c-button pf-m-danger" to={`${clientCertificatesPath(userId)}/revoke`}>
            {t('holder.revoke')}
          </Link>
        </p>
      )}
      {certificates.data && (
        <Table aria-label={t('holder.title')} variant="compact">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t('field.serialNumber')}</Th>
              <Th modifier="wrap">{t('field.subject')}</Th>
              <Th modifier="wrap">{t('field.notBefore')}</Th>
              <Th modifier="wrap">{t('field.notAfter')}</Th>
              <Th modifier="wrap">{t('field.status')}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((c) => (
              <Tr key={c.id}>
                <Td dataLabel={t('field.serialNumber')}>
                  <Link to={`/certificates/list/${c.id}`}>{c.serialNumber}</Link>
                </Td>
                <Td dataLabel={t('field.subject')}>{c.subject}</Td>
                <Td dataLabel={t('field.notBefore')}>{formatDateTime(c.notBefore)}</Td>
                <Td dataLabel={t('field.notAfter')}>{formatDateTime(c.notAfter)}</Td>
                <Td dataLabel={t('field.status')}>
                  <Label color={STATUS_COLOR[c.status]} isCompact>
                    {t(`status.${c.status}`)}
                  </Label>
                  {c.revokedAt && (
                    <div>
                      {formatDateTime(c.revokedAt)}
                      <br />
                      {c.revocationReason ? t(`reason.${c.revocationReason}`) : ''}
                    </div>
                  )}
                </Td>
              </Tr>
            ))}
            {rows.length === 0 && (
              <Tr>
                <Td colSpan={5}>{t('holder.empty')}</Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      <p>
        <Link to={`/users/${encodeURIComponent(userId)}`}>{t('holder.backToUser')}</Link>
      </p>
    </PageSection>
  );
}
