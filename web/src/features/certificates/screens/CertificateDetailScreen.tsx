import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  TextArea,
  Title,
} from '@patternfly/react-core';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { BulkConfirmDialog, toStepErrors, type StepErrors } from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { FieldError, FormError } from '../../../lib/errors/fields';
import {
  type Certificate,
  REVOCATION_REASONS,
  type RevocationReason,
  useCertificate,
  useDownloadCertificate,
  useRenewCertificate,
  useRevokeCertificate,
} from '../api';
import { STATUS_COLOR } from './CertificateListScreen';
import { ResponsibleUserForm } from './ResponsibleUserForm';

/** 証明書詳細: what the certificate says, its files, and 証明書更新 / 証明書失効 while it is active. */
export function CertificateDetailScreen() {
  const { certificateId } = useParams();
  const certificate = useCertificate(certificateId);
  if (!certificate.data) return null;
  return <CertificateDetail certificate={certificate.data} key={certificate.data.id} />;
}

function CertificateDetail({ certificate: c }: { certificate: Certificate }) {
  const { t } = useTranslation('certificates');
  const download = useDownloadCertificate(c.id);
  const canManage = useAuth().can('certificates.manage');
  const [saved, setSaved] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const rows: [string, React.ReactNode][] = [
    [t('field.serialNumber'), c.serialNumber],
    [t('field.type'), t(`type.${c.type}`)],
    [
      t('field.status'),
      <Label key="s" color={STATUS_COLOR[c.status]} isCompact>
        {t(`status.${c.status}`)}
      </Label>,
    ],
    [t('field.subject'), c.subject],
    [t('field.dnsNames'), c.dnsNames.join(', ') || '—'],
    [t('field.email'), c.email ?? '—'],
    [t('field.keyAlgorithm'), c.keyAlgorithm],
    [t('field.notBefore'), formatDateTime(c.notBefore)],
    [t('field.notAfter'), formatDateTime(c.notAfter)],
  ];
  if (c.revokedAt) {
    rows.push([t('field.revokedAt'), formatDateTime(c.revokedAt)]);
    rows.push([t('field.revocationReason'), c.revocationReason ? t(`reason.${c.revocationReason}`) : '—']);
  }
  const file = (format: 'pem' | 'der', chain: boolean) =>
    download.mutate({ format, chain }, { onSuccess: setSaved });

  return (
    <PageSection>
      <Title headingLevel="h1">{t('detail.title')}</Title>
      {notice && <Alert variant="success" isInline title={notice} />}
      <DescriptionList isHorizontal isCompact aria-label={t('detail.title')}>
        {rows.map(([term, value]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{value}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
        {c.renewedFromId && (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('detail.renewedFrom')}</DescriptionListTerm>
            <DescriptionListDescription>
              <Link to={`/certificates/list/${c.renewedFromId}`}>{c.renewedFromId}</Link>
            </DescriptionListDescription>
          </DescriptionListGroup>
        )}
        {c.renewedById && (
          <DescriptionListGroup>
            <DescriptionListTerm>{t('detail.renewedBy')}</DescriptionListTerm>
            <DescriptionListDescription>
              <Link to={`/certificates/list/${c.renewedById}`}>{c.renewedById}</Link>
            </DescriptionListDescription>
          </DescriptionListGroup>
        )}
      </DescriptionList>
      <ActionGroup>
        <Button variant="secondary" onClick={() => file('pem', false)}>
          {t('detail.downloadPem')}
        </Button>
        <Button variant="secondary" onClick={() => file('pem', true)}>
          {t('detail.downloadChain')}
        </Button>
        <Button variant="secondary" onClick={() => file('der', false)}>
          {t('detail.downloadDer')}
        </Button>
      </ActionGroup>
      {saved && <Alert variant="success" isInline isPlain title={t('detail.downloaded', { file: saved })} />}
      {download.isError && (
        <Alert variant="danger" isInline isPlain title={errorMessage(t, download.error)} />
      )}
      {c.status === 'active' && !c.renewedById && <RenewForm certificate={c} />}
      {c.status === 'active' && (c.type === 'server' || c.type === 'code_signing') && canManage && (
        <ResponsibleUserForm certificate={c} />
      )}
      {c.status === 'active' && (
        <RevokeForm certificate={c} onRevoked={() => setNotice(t('detail.revoked'))} />
      )}
      <p>
        <Link to="/certificates/list">{t('detail.back')}</Link>
      </p>
    </PageSection>
  );
}

function RenewForm({ certificate }: { certificate: Certificate }) {
  const { t } = useTranslation('certificates');
  const renew = useRenewCertificate(certificate.id);
  const navigate = useNavigate();
  const [csr, setCsr] = useState('');
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  return (
    <Form
      aria-labelledby="certificate-renew-title"
      onSubmit={(e) => {
        e.preventDefault();
        renew.mutate(csr.trim() ? { csr } : {}, {
          onSuccess: (issued) => void navigate(`/certificates/list/${issued.id}`),
          onError: (error) =>
            setErrors(toStepErrors(t, error, { CSR_MALFORMED: 'csr', CSR_SIGNATURE_INVALID: 'csr' })),
        });
      }}
    >
      <Title headingLevel="h2" id="certificate-renew-title">
        {t('detail.renew')}
      </Title>
      <p>{t('detail.renewLead')}</p>
      <FormError message={errors.form} />
      <FormGroup label={t('field.csr')} fieldId="certificate-renew-csr">
        <TextArea
          id="certificate-renew-csr"
          value={csr}
          onChange={(_e, v) => setCsr(v)}
          rows={4}
          resizeOrientation="vertical"
          validated={errors.fields.csr ? 'error' : 'default'}
          aria-describedby={errors.fields.csr ? 'certificate-renew-csr-error' : undefined}
        />
        <FieldError fieldId="certificate-renew-csr" message={errors.fields.csr} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={renew.isPending} isDisabled={renew.isPending}>
          {t('detail.renewButton')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

function RevokeForm({ certificate, onRevoked }: { certificate: Certificate; onRevoked(): void }) {
  const { t } = useTranslation('certificates');
  const revoke = useRevokeCertificate(certificate.id);
  const [reason, setReason] = useState<RevocationReason>('unspecified');
  const [confirming, setConfirming] = useState(false);
  return (
    <Form
      aria-labelledby="certificate-revoke-title"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <Title headingLevel="h2" id="certificate-revoke-title">
        {t('detail.revoke')}
      </Title>
      <p>{t('detail.revokeLead')}</p>
      <FormGroup label={t('field.revocationReason')} fieldId="certificate-revoke-reason">
        <FormSelect
          id="certificate-revoke-reason"
          value={reason}
          onChange={(_e, v) => setReason(v as RevocationReason)}
        >
          {REVOCATION_REASONS.map((r) => (
            <FormSelectOption key={r} value={r} label={t(`reason.${r}`)} />
          ))}
        </FormSelect>
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="danger">
          {t('detail.revokeButton')}
        </Button>
      </ActionGroup>
      {confirming && (
        <BulkConfirmDialog
          title={t('detail.revoke')}
          message={t('detail.revokeConfirm', {
            serial: certificate.serialNumber,
            reason: t(`reason.${reason}`),
          })}
          confirmationPassword={false}
          danger
          onConfirm={async () => {
            await revoke.mutateAsync(reason);
            onRevoked();
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </Form>
  );
}
