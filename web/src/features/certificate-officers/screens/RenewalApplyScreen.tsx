import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
} from '@patternfly/react-core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import { ConfirmStep, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { type Application, useSubmitRenewal } from '../api';
import { APPLICATION_FIELD_OF_CODE } from './ApplyScreen';
import { CsrField } from './CsrField';

interface RenewalValues {
  certificateId: string;
  certificateLabel: string;
  csr: string;
  validityDays: string;
}

/** The active certificates one may apply to renew (the first 100, soonest to expire first). */
function useRenewable() {
  const orgId = useAuth().orgId ?? '';
  return useQuery({
    queryKey: ['certificates', orgId, 'renewable'],
    enabled: !!orgId,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{orgId}/certificates', {
          params: { path: { orgId }, query: { status: 'active', page: 1, perPage: 100 } },
        }),
      ).items.filter((c) => !c.renewedById),
  });
}

/** 証明書更新申請 (manual 002): the same subject and names, with a new CSR's key or the same key. */
export function RenewalApplyScreen() {
  const { t } = useTranslation('certificate-officers');
  const [params] = useSearchParams();
  const submit = useSubmitRenewal();
  const initial: RenewalValues = {
    certificateId: params.get('certificateId') ?? '',
    certificateLabel: '',
    csr: '',
    validityDays: '',
  };
  return (
    <PageSection>
      <ConfirmStep<RenewalValues, Application>
        title={t('renewal.title')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'certificateId', label: t('renewal.certificate'), value: v.certificateLabel },
          {
            name: 'csr',
            label: t('field.keySource'),
            value: v.csr.trim()
              ? `${t('keySource.csr')}: ${t('apply.csrEntered', { lines: v.csr.trim().split('\n').length })}`
              : t('keySource.same'),
          },
          { name: 'validityDays', label: t('field.validityDays'), value: v.validityDays || t('apply.none') },
        ]}
        describeError={(error) => toStepErrors(t, error, APPLICATION_FIELD_OF_CODE)}
        submit={(v) =>
          submit.mutateAsync({
            certificateId: v.certificateId,
            ...(v.csr.trim() ? { csr: v.csr.trim() } : {}),
            ...(v.validityDays ? { validityDays: Number(v.validityDays) } : {}),
          })
        }
        done={(application) => (
          <>
            <p>{t('renewal.done')}</p>
            <p>
              <Link to={`/certificates/applications/${application.id}`}>{t('apply.open')}</Link>
            </p>
            <Link to="/certificates/applications">{t('applications.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <RenewalInput initial={values ?? initial} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function RenewalInput(props: { initial: RenewalValues; errors: StepErrors; onNext(v: RenewalValues): void }) {
  const { t } = useTranslation('certificate-officers');
  const renewable = useRenewable();
  const [v, setV] = useState(props.initial);
  const [own, setOwn] = useState<Partial<Record<keyof RenewalValues, string>>>({});
  const message = (name: keyof RenewalValues) => own[name] ?? props.errors.fields[name];
  const label = (c: { serialNumber: string; commonName: string }) => `${c.commonName} (${c.serialNumber})`;
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems: Partial<Record<keyof RenewalValues, string>> = {};
        if (!v.certificateId) problems.certificateId = t('renewal.choose');
        if (v.validityDays && !/^[1-9]\d*$/.test(v.validityDays))
          problems.validityDays = t('apply.validityInvalid');
        setOwn(problems);
        if (Object.keys(problems).length) return;
        const c = renewable.data?.find((x) => x.id === v.certificateId);
        props.onNext({ ...v, certificateLabel: c ? label(c) : v.certificateId });
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup label={t('renewal.certificate')} fieldId="renewal-certificate" isRequired>
        <FormSelect
          id="renewal-certificate"
          value={v.certificateId}
          onChange={(_e, value) => setV({ ...v, certificateId: value })}
          validated={message('certificateId') ? 'error' : 'default'}
          aria-invalid={message('certificateId') ? true : undefined}
          aria-describedby={message('certificateId') ? 'renewal-certificate-error' : undefined}
        >
          <FormSelectOption value="" label={t('renewal.choose')} isPlaceholder />
          {(renewable.data ?? []).map((c) => (
            <FormSelectOption key={c.id} value={c.id} label={label(c)} />
          ))}
        </FormSelect>
        <FieldError fieldId="renewal-certificate" message={message('certificateId')} />
      </FormGroup>
      <CsrField
        id="renewal-csr"
        label={t('field.csr')}
        fileLabel={t('apply.csrFile')}
        help={t('renewal.csrHelp')}
        value={v.csr}
        onChange={(value) => setV((current) => ({ ...current, csr: value }))}
        error={message('csr')}
      />
      <PlainTextField
        id="renewal-validity"
        label={t('field.validityDays')}
        inputMode="numeric"
        value={v.validityDays}
        onChange={(value) => setV({ ...v, validityDays: value })}
        error={message('validityDays')}
        helper={t('apply.validityHelp')}
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('apply.next')}
        </Button>
        <Link to="/certificates/applications">{t('applications.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
