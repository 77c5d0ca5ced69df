import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Content,
  FileUpload,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextArea,
} from '@patternfly/react-core';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../components/data-table';
import { fieldErrors, formError } from '../../../lib/errors';
import { FieldError, FormError, PlainTextField } from '../../../lib/errors/fields';
import { BackToSignIn } from '../../sign-in/back-to-sign-in';
import { PublicPage } from '../../sign-in/public-page';
import { savePem, useEnrol } from '../api';

/**
 * 登録担当者用証明書取得 (manual 002 §2-3), reached from the mailed enrolment link without signing in: the access
 * PIN (received by another channel) and a CSR; the answer is the officer's client certificate with the chain.
 * The PIN is typed into this page only: it is sent in the request body, never put in the URL or stored.
 */
export function OfficerEnrolmentPage() {
  const { t } = useTranslation('certificate-officers');
  const { token = '' } = useParams();
  const enrol = useEnrol(token);
  const [pin, setPin] = useState('');
  const [csr, setCsr] = useState('');
  const [fileName, setFileName] = useState('');
  const [own, setOwn] = useState<{ accessPin?: string; csr?: string }>({});
  const [saved, setSaved] = useState<string>();
  const server = fieldErrors(t, enrol.error, {
    CSR_MALFORMED: 'csr',
    CSR_SIGNATURE_INVALID: 'csr',
    CSR_KEY_NOT_ALLOWED: 'csr',
  });
  const message = (name: 'accessPin' | 'csr') => own[name] ?? server[name];
  const issued = enrol.data;

  return (
    <PublicPage title={t('enrolment.title')} footer={<BackToSignIn />}>
      {issued ? (
        <>
          <Alert
            variant="success"
            isInline
            title={t('enrolment.issued', {
              serial: issued.serialNumber,
              notAfter: formatDateTime(issued.notAfter),
            })}
          />
          <Content component="p">{t('enrolment.next')}</Content>
          <Button
            variant="primary"
            onClick={() =>
              void savePem(
                `${issued.certificatePem.trim()}\n${issued.chainPem.trim()}\n`,
                `officer-${issued.serialNumber}.pem`,
              ).then(setSaved)
            }
          >
            {t('enrolment.download')}
          </Button>
          {saved && (
            <Alert variant="info" isInline isPlain title={t('enrolment.downloaded', { file: saved })} />
          )}
        </>
      ) : (
        <Form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const problems: typeof own = {};
            if (!pin.trim()) problems.accessPin = t('enrolment.required');
            if (!csr.trim()) problems.csr = t('enrolment.required');
            setOwn(problems);
            if (Object.keys(problems).length === 0) enrol.mutate({ accessPin: pin.trim(), csr: csr.trim() });
          }}
        >
          <Content component="p">{t('enrolment.lead')}</Content>
          <FormError message={formError(t, enrol.error, server)} />
          <PlainTextField
            id="enrolment-pin"
            label={t('enrolment.accessPin')}
            type="password"
            autoComplete="off"
            value={pin}
            onChange={setPin}
            error={message('accessPin')}
            helper={t('enrolment.accessPinHelp')}
            required
          />
          <FormGroup label={t('enrolment.csr')} fieldId="enrolment-csr" isRequired>
            <TextArea
              id="enrolment-csr"
              isRequired
              value={csr}
              onChange={(_e, v) => setCsr(v)}
              rows={8}
              resizeOrientation="vertical"
              validated={message('csr') ? 'error' : 'default'}
              aria-invalid={message('csr') ? true : undefined}
              aria-describedby={message('csr') ? 'enrolment-csr-error' : 'enrolment-csr-help'}
            />
            {!message('csr') && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem id="enrolment-csr-help">{t('enrolment.csrHelp')}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
            <FieldError fieldId="enrolment-csr" message={message('csr')} />
          </FormGroup>
          <FormGroup label={t('enrolment.csrFile')} fieldId="enrolment-csr-file">
            <FileUpload
              id="enrolment-csr-file"
              filename={fileName}
              browseButtonText={t('enrolment.csrFile')}
              hideDefaultPreview
              onFileInputChange={(_e, file) => {
                setFileName(file.name);
                void file.text().then(setCsr);
              }}
              onClearClick={() => setFileName('')}
            />
          </FormGroup>
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={enrol.isPending} isDisabled={enrol.isPending}>
              {t('enrolment.submit')}
            </Button>
          </ActionGroup>
        </Form>
      )}
    </PublicPage>
  );
}
