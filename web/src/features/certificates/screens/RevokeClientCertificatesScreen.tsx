import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  List,
  ListItem,
  PageSection,
} from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { errorMessage } from '../../../lib/errors';
import { FieldError, FormError } from '../../../lib/errors/fields';
import {
  type Certificate,
  REVOCATION_REASONS,
  type RevocationReason,
  useClientCertificatesOf,
  useRevokeClientCertificatesOf,
} from '../api';
import { clientCertificatesPath, useHolder } from './ClientCertificatesScreen';

interface RevokeValues {
  reason: RevocationReason;
  /** The active certificates the input step showed: the review names what the API is about to revoke. */
  serials: string[];
}

/**
 * 電子証明書失効 (manual 001, SPEC §7): the member's active client certificates, all of them, with one RFC 5280
 * reason → 入力内容確認 with the 確認用パスワード → 完了 naming the serial numbers revoked. After it the member can no
 * longer sign in with any of them (the sign-in checks the database, not a cached CRL).
 */
export function RevokeClientCertificatesScreen() {
  const { t } = useTranslation('certificates');
  const { userId = '' } = useParams();
  const certificates = useClientCertificatesOf(userId);
  const revoke = useRevokeClientCertificatesOf(userId);
  const holder = useHolder(userId);
  const back = clientCertificatesPath(userId);

  if (certificates.isError) {
    return (
      <PageSection>
        <Alert variant="danger" isInline title={errorMessage(t, certificates.error)} role="alert" />
      </PageSection>
    );
  }
  if (!certificates.data) return null;
  const active = certificates.data.filter((c) => c.status === 'active');

  return (
    <PageSection>
      <ConfirmStep<RevokeValues, Certificate[]>
        title={t('holder.revoke')}
        confirmationPassword
        review={(v) => [
          {
            name: 'user',
            label: t('holder.user'),
            value: holder ? `${holder.name}（${holder.loginId}）` : '',
          },
          { name: 'certificates', label: t('holder.targets'), value: v.serials.join(', ') },
          { name: 'reason', label: t('field.revocationReason'), value: t(`reason.${v.reason}`) },
        ]}
        describeError={(error) => toStepErrors(t, error)}
        submit={(v, confirmation) => revoke.mutateAsync({ reason: v.reason, confirmation })}
        done={(revoked) => (
          <>
            <p>
              {t('holder.done', {
                count: revoked.length,
                serials: revoked.map((c) => c.serialNumber).join(', '),
              })}
            </p>
            <p>
              <Link to={back}>{t('holder.back')}</Link>
            </p>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <RevokeInput
            active={active}
            initial={values?.reason ?? 'unspecified'}
            errors={errors}
            back={back}
            onNext={onNext}
          />
        )}
      />
    </PageSection>
  );
}

function RevokeInput(props: {
  active: Certificate[];
  initial: RevocationReason;
  errors: StepErrors;
  back: string;
  onNext(values: RevokeValues): void;
}) {
  const { t } = useTranslation('certificates');
  const [reason, setReason] = useState(props.initial);
  const error = props.errors.fields.reason;
  if (props.active.length === 0) {
    return (
      <>
        <Alert variant="info" isInline isPlain title={t('holder.noneActive')} />
        <p>
          <Link to={props.back}>{t('holder.back')}</Link>
        </p>
      </>
    );
  }
  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        props.onNext({ reason, serials: props.active.map((c) => c.serialNumber) });
      }}
    >
      <FormError message={props.errors.form} />
      <p>{t('holder.revokeLead', { count: props.active.length })}</p>
      <List aria-label={t('holder.targets')}>
        {props.active.map((c) => (
          <ListItem key={c.id}>
            {c.serialNumber} — {c.subject}
          </ListItem>
        ))}
      </List>
      <FormGroup label={t('field.revocationReason')} fieldId="client-certificates-revoke-reason">
        <FormSelect
          id="client-certificates-revoke-reason"
          value={reason}
          onChange={(_e, v) => setReason(v as RevocationReason)}
          validated={error ? 'error' : 'default'}
          aria-describedby={error ? 'client-certificates-revoke-reason-error' : undefined}
        >
          {REVOCATION_REASONS.map((r) => (
            <FormSelectOption key={r} value={r} label={t(`reason.${r}`)} />
          ))}
        </FormSelect>
        <FieldError fieldId="client-certificates-revoke-reason" message={error} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('holder.next')}
        </Button>
        <Link to={props.back}>{t('holder.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
