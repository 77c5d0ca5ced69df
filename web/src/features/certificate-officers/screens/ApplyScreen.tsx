import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  Radio,
  TextArea,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { ConfirmStep, type ReviewRow, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { CERTIFICATE_TYPES, type CertificateType } from '../../certificates/api';
import {
  type Application,
  type GeneratedKeyAlgorithm,
  KEY_ALGORITHMS,
  useMemberOptions,
  useSubmitApplication,
} from '../api';
import { CsrField } from './CsrField';

interface ApplyValues {
  type: CertificateType;
  keyMode: 'csr' | 'generate';
  csr: string;
  keyAlgorithm: GeneratedKeyAlgorithm;
  dnsNames: string;
  commonName: string;
  holderUserId: string;
  holderLabel: string;
  validityDays: string;
}

const EMPTY: ApplyValues = {
  type: 'server',
  keyMode: 'csr',
  csr: '',
  keyAlgorithm: 'EC-P256',
  dnsNames: '',
  commonName: '',
  holderUserId: '',
  holderLabel: '',
  validityDays: '',
};

/** Where the API's codes about an application belong on this form. */
export const APPLICATION_FIELD_OF_CODE = {
  CSR_MALFORMED: 'csr',
  CSR_SIGNATURE_INVALID: 'csr',
  CSR_KEY_NOT_ALLOWED: 'csr',
  CERTIFICATE_DOMAIN_NOT_REGISTERED: 'dnsNames',
  CERTIFICATE_NAME_INVALID: 'dnsNames',
  CERTIFICATE_VALIDITY_TOO_LONG: 'validityDays',
};

const names = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const holds = (type: CertificateType) => type === 'client' || type === 'smime';

/**
 * 証明書申請 (manual 002, SPEC §15): type, a CSR or a key Kanri generates, names and holder → 入力内容確認 → 完了.
 * The registration officer approves or rejects it in 証明書申請一覧.
 */
export function ApplyScreen() {
  const { t } = useTranslation('certificate-officers');
  const submit = useSubmitApplication();
  const review = (v: ApplyValues): ReviewRow[] => [
    { name: 'type', label: t('field.type'), value: t(`certificates:type.${v.type}`) },
    {
      name: v.keyMode === 'csr' ? 'csr' : 'keyAlgorithm',
      label: t('apply.keyMode'),
      value:
        v.keyMode === 'csr'
          ? `${t('keySource.csr')}: ${t('apply.csrEntered', { lines: v.csr.trim().split('\n').length })}`
          : `${t('keySource.server')}: ${v.keyAlgorithm}`,
    },
    ...(v.type === 'server'
      ? [
          {
            name: 'dnsNames',
            label: t('field.dnsNames'),
            value: names(v.dnsNames).join(', ') || t('apply.none'),
          },
        ]
      : [{ name: 'commonName', label: t('field.commonName'), value: v.commonName || t('apply.none') }]),
    ...(holds(v.type)
      ? [{ name: 'holderUserId', label: t('field.holder'), value: v.holderLabel || t('apply.none') }]
      : []),
    { name: 'validityDays', label: t('field.validityDays'), value: v.validityDays || t('apply.none') },
  ];
  return (
    <PageSection>
      <ConfirmStep<ApplyValues, Application>
        title={t('apply.title')}
        confirmationPassword={false}
        review={review}
        describeError={(error) => toStepErrors(t, error, APPLICATION_FIELD_OF_CODE)}
        submit={(v) =>
          submit.mutateAsync({
            type: v.type,
            ...(v.keyMode === 'csr' ? { csr: v.csr.trim() } : { keyAlgorithm: v.keyAlgorithm }),
            ...(v.type === 'server' && names(v.dnsNames).length ? { dnsNames: names(v.dnsNames) } : {}),
            ...(v.type !== 'server' && v.commonName.trim() ? { commonName: v.commonName.trim() } : {}),
            ...(holds(v.type) && v.holderUserId ? { holderUserId: v.holderUserId } : {}),
            ...(v.validityDays ? { validityDays: Number(v.validityDays) } : {}),
          })
        }
        done={(application) => (
          <>
            <p>{t('apply.done')}</p>
            <p>
              <Link to={`/certificates/applications/${application.id}`}>{t('apply.open')}</Link>
            </p>
            <Link to="/certificates/applications">{t('applications.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <ApplyInput initial={values ?? EMPTY} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function ApplyInput(props: { initial: ApplyValues; errors: StepErrors; onNext(v: ApplyValues): void }) {
  const { t } = useTranslation('certificate-officers');
  const { orgId } = useAuth();
  const [v, setV] = useState(props.initial);
  const [own, setOwn] = useState<Partial<Record<keyof ApplyValues, string>>>({});
  const members = useMemberOptions(holds(v.type) ? (orgId ?? undefined) : undefined);
  const message = (name: keyof ApplyValues) => own[name] ?? props.errors.fields[name];
  const set = <K extends keyof ApplyValues>(key: K, value: ApplyValues[K]) => setV({ ...v, [key]: value });

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems: Partial<Record<keyof ApplyValues, string>> = {};
        if (v.keyMode === 'csr' && !v.csr.trim()) problems.csr = t('apply.csrRequired');
        if (v.keyMode === 'generate' && v.type === 'server' && names(v.dnsNames).length === 0)
          problems.dnsNames = t('apply.dnsRequired');
        if (v.validityDays && !/^[1-9]\d*$/.test(v.validityDays))
          problems.validityDays = t('apply.validityInvalid');
        setOwn(problems);
        if (Object.keys(problems).length) return;
        const holder = members.data?.find((m) => m.id === v.holderUserId);
        props.onNext({
          ...v,
          holderLabel: holder ? `${holder.familyName} ${holder.givenName} (${holder.loginId})` : '',
        });
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup label={t('field.type')} fieldId="application-type" isRequired>
        <FormSelect
          id="application-type"
          value={v.type}
          onChange={(_e, value) => set('type', value as CertificateType)}
        >
          {CERTIFICATE_TYPES.map((type) => (
            <FormSelectOption key={type} value={type} label={t(`certificates:type.${type}`)} />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup role="radiogroup" label={t('apply.keyMode')} fieldId="application-key-mode" isStack>
        <Radio
          id="application-key-csr"
          name="application-key-mode"
          label={t('keySource.csr')}
          isChecked={v.keyMode === 'csr'}
          onChange={() => set('keyMode', 'csr')}
        />
        <Radio
          id="application-key-generate"
          name="application-key-mode"
          label={t('keySource.server')}
          description={t('apply.generatedHelp')}
          isChecked={v.keyMode === 'generate'}
          onChange={() => set('keyMode', 'generate')}
        />
      </FormGroup>
      {v.keyMode === 'csr' ? (
        <CsrField
          id="application-csr"
          label={t('field.csr')}
          fileLabel={t('apply.csrFile')}
          help={t('apply.csrHelp')}
          value={v.csr}
          onChange={(value) => setV((current) => ({ ...current, csr: value }))}
          error={message('csr')}
          required
        />
      ) : (
        <FormGroup label={t('field.keyAlgorithm')} fieldId="application-key-algorithm">
          <FormSelect
            id="application-key-algorithm"
            value={v.keyAlgorithm}
            onChange={(_e, value) => set('keyAlgorithm', value as GeneratedKeyAlgorithm)}
          >
            {KEY_ALGORITHMS.map((a) => (
              <FormSelectOption key={a} value={a} label={a} />
            ))}
          </FormSelect>
        </FormGroup>
      )}
      {v.type === 'server' ? (
        <FormGroup label={t('field.dnsNames')} fieldId="application-dns-names">
          <TextArea
            id="application-dns-names"
            value={v.dnsNames}
            onChange={(_e, value) => set('dnsNames', value)}
            rows={3}
            resizeOrientation="vertical"
            validated={message('dnsNames') ? 'error' : 'default'}
            aria-invalid={message('dnsNames') ? true : undefined}
            aria-describedby={
              message('dnsNames') ? 'application-dns-names-error' : 'application-dns-names-help'
            }
          />
          {!message('dnsNames') && (
            <FormHelperText>
              <HelperText>
                <HelperTextItem id="application-dns-names-help">{t('apply.dnsHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          )}
          <FieldError fieldId="application-dns-names" message={message('dnsNames')} />
        </FormGroup>
      ) : (
        <PlainTextField
          id="application-common-name"
          label={t('field.commonName')}
          value={v.commonName}
          onChange={(value) => set('commonName', value)}
          error={message('commonName')}
          helper={t('apply.commonNameHelp')}
        />
      )}
      {holds(v.type) && (
        <FormGroup label={t('field.holder')} fieldId="application-holder">
          <FormSelect
            id="application-holder"
            value={v.holderUserId}
            onChange={(_e, value) => set('holderUserId', value)}
            aria-describedby="application-holder-help"
          >
            <FormSelectOption value="" label={t('apply.none')} />
            {(members.data ?? []).map((m) => (
              <FormSelectOption
                key={m.id}
                value={m.id}
                label={`${m.familyName} ${m.givenName} (${m.loginId})`}
              />
            ))}
          </FormSelect>
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="application-holder-help">{t('apply.holderHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
          <FieldError fieldId="application-holder" message={message('holderUserId')} />
        </FormGroup>
      )}
      <PlainTextField
        id="application-validity"
        label={t('field.validityDays')}
        inputMode="numeric"
        value={v.validityDays}
        onChange={(value) => set('validityDays', value)}
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
