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
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  TextArea,
  Title,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { BulkConfirmDialog } from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { Screen } from '../../sign-in/screen';
import { type Application, useApplication, useApprove, useCollectPkcs12, useReject } from '../api';
import { APPLICATION_STATUS_COLOR } from './ApplicationListScreen';

/**
 * 証明書申請詳細: what was applied for and its state; for the registration officer 承認 / 却下 (with a reason) while
 * it is pending; for the applicant of an approved generated-key application, 証明書受け取り (PKCS#12, once).
 */
export function ApplicationDetailScreen() {
  const { applicationId } = useParams();
  const application = useApplication(applicationId);
  if (!application.data) return null;
  return <ApplicationDetail application={application.data} />;
}

function ApplicationDetail({ application: a }: { application: Application }) {
  const { t } = useTranslation('certificate-officers');
  const { can, principal } = useAuth();
  const [notice, setNotice] = useState<string>();
  const rows: [string, React.ReactNode][] = [
    [t('field.createdAt'), formatDateTime(a.createdAt)],
    [t('field.kind'), t(`kind.${a.kind}`)],
    [t('field.type'), t(`certificates:type.${a.type}`)],
    [
      t('field.status'),
      <Label key="s" color={APPLICATION_STATUS_COLOR[a.status]} isCompact>
        {t(`status.${a.status}`)}
      </Label>,
    ],
    [t('field.commonName'), a.commonName ?? '—'],
    [t('field.dnsNames'), a.dnsNames.join(', ') || '—'],
    [t('field.keySource'), t(`keySource.${a.keySource}`)],
    [t('field.keyAlgorithm'), a.keyAlgorithm ?? '—'],
    [t('field.validityDays'), a.validityDays ?? '—'],
  ];
  if (a.renewalOfId)
    rows.push([
      t('field.renewalOf'),
      <Link key="r" to={`/certificates/list/${a.renewalOfId}`}>
        {a.renewalOfId}
      </Link>,
    ]);
  if (a.decidedAt) rows.push([t('field.decidedAt'), formatDateTime(a.decidedAt)]);
  if (a.rejectionReason) rows.push([t('field.rejectionReason'), a.rejectionReason]);
  if (a.certificateId)
    rows.push([
      t('field.certificate'),
      <Link key="c" to={`/certificates/list/${a.certificateId}`}>
        {t('decide.openCertificate')}
      </Link>,
    ]);
  const collectable =
    a.status === 'approved' && a.keySource === 'server' && a.applicantId === principal?.user.id;

  return (
    <Screen title={t('applications.detail')}>
      {notice && <Alert variant="success" isInline title={notice} />}
      <DescriptionList isHorizontal isCompact aria-label={t('applications.detail')}>
        {rows.map(([term, value]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{value}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
      {a.status === 'pending' && can('certificates.manage') && (
        <Decide application={a} onDecided={setNotice} />
      )}
      {collectable && (
        <CollectForm application={a} onCollected={(file) => setNotice(t('collect.done', { file }))} />
      )}
      <p>
        <Link to="/certificates/applications">{t('applications.back')}</Link>
      </p>
    </Screen>
  );
}

function Decide({ application, onDecided }: { application: Application; onDecided(notice: string): void }) {
  const { t } = useTranslation('certificate-officers');
  const approve = useApprove(application.id);
  const reject = useReject(application.id);
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  return (
    <>
      <ActionGroup>
        <Button variant="primary" onClick={() => setApproving(true)}>
          {t('decide.approve')}
        </Button>
      </ActionGroup>
      <Form
        aria-labelledby="application-reject-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) return setReasonError(t('decide.reasonRequired'));
          setReasonError(undefined);
          setRejecting(true);
        }}
      >
        <Title headingLevel="h2" id="application-reject-title">
          {t('decide.rejectTitle')}
        </Title>
        <FormGroup label={t('decide.reason')} fieldId="application-reject-reason" isRequired>
          <TextArea
            id="application-reject-reason"
            isRequired
            value={reason}
            onChange={(_e, v) => setReason(v)}
            rows={3}
            resizeOrientation="vertical"
            validated={reasonError ? 'error' : 'default'}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={
              reasonError ? 'application-reject-reason-error' : 'application-reject-reason-help'
            }
          />
          {!reasonError && (
            <FormHelperText>
              <HelperText>
                <HelperTextItem id="application-reject-reason-help">{t('decide.reasonHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          )}
          <FieldError fieldId="application-reject-reason" message={reasonError} />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="danger">
            {t('decide.reject')}
          </Button>
        </ActionGroup>
      </Form>
      {approving && (
        <BulkConfirmDialog
          title={t('decide.approveTitle')}
          message={t('decide.approveBody')}
          confirmationPassword={false}
          onConfirm={async () => {
            await approve.mutateAsync();
            onDecided(t('decide.approved'));
          }}
          onClose={() => setApproving(false)}
        />
      )}
      {rejecting && (
        <BulkConfirmDialog
          title={t('decide.rejectTitle')}
          message={t('decide.rejectBody', { reason: reason.trim() })}
          confirmationPassword={false}
          danger
          onConfirm={async () => {
            await reject.mutateAsync(reason.trim());
            onDecided(t('decide.rejected'));
          }}
          onClose={() => setRejecting(false)}
        />
      )}
    </>
  );
}

/**
 * 証明書受け取り: the password is typed here, sent in the request body, and cleared once the file is handed over;
 * it is never stored. The PKCS#12 goes to the browser through the console's one download path.
 */
function CollectForm({
  application,
  onCollected,
}: {
  application: Application;
  onCollected(file: string): void;
}) {
  const { t } = useTranslation('certificate-officers');
  const collect = useCollectPkcs12(application.id);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [own, setOwn] = useState<{ password?: string; again?: string }>({});
  const server = fieldErrors(t, collect.error);
  return (
    <Form
      aria-labelledby="application-collect-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems: typeof own = {};
        if (password.length < 12) problems.password = t('collect.tooShort');
        else if (password !== again) problems.again = t('collect.mismatch');
        setOwn(problems);
        if (Object.keys(problems).length) return;
        collect.mutate(password, {
          onSuccess: (file) => {
            setPassword('');
            setAgain('');
            onCollected(file);
          },
        });
      }}
    >
      <Title headingLevel="h2" id="application-collect-title">
        {t('collect.title')}
      </Title>
      <p>{t('collect.lead')}</p>
      <FormError message={collect.error && !server.password ? errorMessage(t, collect.error) : undefined} />
      <PlainTextField
        id="collect-password"
        label={t('collect.password')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={own.password ?? server.password}
        helper={t('collect.passwordHelp')}
        required
      />
      <PlainTextField
        id="collect-password-again"
        label={t('collect.passwordAgain')}
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={setAgain}
        error={own.again}
        required
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={collect.isPending} isDisabled={collect.isPending}>
          {t('collect.submit')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
