import { useState } from 'react';
import {
  ActionGroup,
  Button,
  FileUpload,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfirmStep, type ReviewRow, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { CERTIFICATE_TYPES, type CertificateType, type IssuedCertificate, useIssueCertificate } from '../api';

interface IssueValues {
  type: CertificateType;
  csr: string;
  dnsNames: string;
  validityDays: string;
  commonName: string;
}

const EMPTY: IssueValues = { type: 'server', csr: '', dnsNames: '', validityDays: '', commonName: '' };

/** Where the API's codes about an issuing request belong on this form. */
const FIELD_OF_CODE = {
  CSR_MALFORMED: 'csr',
  CSR_SIGNATURE_INVALID: 'csr',
  CSR_KEY_NOT_ALLOWED: 'csr',
  CERTIFICATE_DOMAIN_NOT_REGISTERED: 'dnsNames',
  CERTIFICATE_NAME_INVALID: 'dnsNames',
  CERTIFICATE_VALIDITY_TOO_LONG: 'validityDays',
};

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** 証明書発行 (manual 002): a CSR pasted or read from a file → 入力内容確認 → 完了 with the serial number. */
export function IssueCertificateScreen() {
  const { t } = useTranslation('certificates');
  const issue = useIssueCertificate();
  const review = (v: IssueValues): ReviewRow[] => [
    { name: 'type', label: t('field.type'), value: t(`type.${v.type}`) },
    {
      name: 'csr',
      label: t('field.csr'),
      value: t('issue.csrEntered', { lines: v.csr.trim().split('\n').length }),
    },
    ...(v.type === 'server'
      ? [
          {
            name: 'dnsNames',
            label: t('field.dnsNames'),
            value: lines(v.dnsNames).join(', ') || t('issue.none'),
          },
        ]
      : [{ name: 'commonName', label: t('field.commonName'), value: v.commonName || t('issue.none') }]),
    { name: 'validityDays', label: t('field.validityDays'), value: v.validityDays || t('issue.none') },
  ];
  return (
    <PageSection>
      <ConfirmStep<IssueValues, IssuedCertificate>
        title={t('issue.title')}
        confirmationPassword={false}
        review={review}
        describeError={(error) => toStepErrors(t, error, FIELD_OF_CODE)}
        submit={(v) =>
          issue.mutateAsync({
            type: v.type,
            csr: v.csr.trim(),
            ...(v.type === 'server' && lines(v.dnsNames).length ? { dnsNames: lines(v.dnsNames) } : {}),
            ...(v.type !== 'server' && v.commonName.trim() ? { commonName: v.commonName.trim() } : {}),
            ...(v.validityDays ? { validityDays: Number(v.validityDays) } : {}),
          })
        }
        done={(issued) => (
          <>
            <p>{t('issue.done', { serial: issued.serialNumber })}</p>
            <p>
              <Link to={`/certificates/list/${issued.id}`}>{t('issue.open')}</Link>
            </p>
            <Link to="/certificates/list">{t('issue.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => (
          <IssueInput initial={values ?? EMPTY} errors={errors} onNext={onNext} />
        )}
      />
    </PageSection>
  );
}

function IssueInput(props: { initial: IssueValues; errors: StepErrors; onNext(v: IssueValues): void }) {
  const { t } = useTranslation('certificates');
  const [v, setV] = useState(props.initial);
  const [own, setOwn] = useState<Partial<Record<keyof IssueValues, string>>>({});
  const [fileName, setFileName] = useState('');
  const message = (name: keyof IssueValues) => own[name] ?? props.errors.fields[name];
  const set = <K extends keyof IssueValues>(key: K, value: IssueValues[K]) => setV({ ...v, [key]: value });
  const described = (id: string, error: string | undefined) => (error ? `${id}-error` : `${id}-help`);

  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const problems: Partial<Record<keyof IssueValues, string>> = {};
        if (!v.csr.trim()) problems.csr = t('issue.csrRequired');
        if (v.validityDays && !/^[1-9]\d*$/.test(v.validityDays))
          problems.validityDays = t('issue.validityInvalid');
        setOwn(problems);
        if (Object.keys(problems).length === 0) props.onNext(v);
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup label={t('field.type')} fieldId="certificate-type" isRequired>
        <FormSelect
          id="certificate-type"
          value={v.type}
          onChange={(_e, value) => set('type', value as CertificateType)}
        >
          {CERTIFICATE_TYPES.map((type) => (
            <FormSelectOption key={type} value={type} label={t(`type.${type}`)} />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup label={t('field.csr')} fieldId="certificate-csr" isRequired>
        <TextArea
          id="certificate-csr"
          isRequired
          value={v.csr}
          onChange={(_e, value) => set('csr', value)}
          rows={8}
          resizeOrientation="vertical"
          validated={message('csr') ? 'error' : 'default'}
          aria-invalid={message('csr') ? true : undefined}
          aria-describedby={described('certificate-csr', message('csr'))}
        />
        {!message('csr') && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="certificate-csr-help">{t('issue.csrHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
        <FieldError fieldId="certificate-csr" message={message('csr')} />
      </FormGroup>
      <FormGroup label={t('issue.csrFile')} fieldId="certificate-csr-file">
        <FileUpload
          id="certificate-csr-file"
          filename={fileName}
          browseButtonText={t('issue.csrFile')}
          hideDefaultPreview
          onFileInputChange={(_e, file) => {
            setFileName(file.name);
            void file.text().then((text) => setV((current) => ({ ...current, csr: text })));
          }}
          onClearClick={() => setFileName('')}
        />
      </FormGroup>
      {v.type === 'server' ? (
        <FormGroup label={t('field.dnsNames')} fieldId="certificate-dns-names">
          <TextArea
            id="certificate-dns-names"
            value={v.dnsNames}
            onChange={(_e, value) => set('dnsNames', value)}
            rows={3}
            resizeOrientation="vertical"
            validated={message('dnsNames') ? 'error' : 'default'}
            aria-invalid={message('dnsNames') ? true : undefined}
            aria-describedby={described('certificate-dns-names', message('dnsNames'))}
          />
          {!message('dnsNames') && (
            <FormHelperText>
              <HelperText>
                <HelperTextItem id="certificate-dns-names-help">{t('issue.dnsHelp')}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          )}
          <FieldError fieldId="certificate-dns-names" message={message('dnsNames')} />
        </FormGroup>
      ) : (
        <FormGroup label={t('field.commonName')} fieldId="certificate-common-name">
          <TextInput
            id="certificate-common-name"
            value={v.commonName}
            onChange={(_e, value) => set('commonName', value)}
            aria-describedby="certificate-common-name-help"
          />
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="certificate-common-name-help">{t('issue.commonNameHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      )}
      <FormGroup label={t('field.validityDays')} fieldId="certificate-validity">
        <TextInput
          id="certificate-validity"
          inputMode="numeric"
          value={v.validityDays}
          onChange={(_e, value) => set('validityDays', value)}
          validated={message('validityDays') ? 'error' : 'default'}
          aria-invalid={message('validityDays') ? true : undefined}
          aria-describedby={described('certificate-validity', message('validityDays'))}
        />
        {!message('validityDays') && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="certificate-validity-help">{t('issue.validityHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
        <FieldError fieldId="certificate-validity" message={message('validityDays')} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('issue.next')}
        </Button>
        <Link to="/certificates/list">{t('issue.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
