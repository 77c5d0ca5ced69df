import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  FileUpload,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  PageSection,
  Radio,
  Title,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  type StepErrors,
  toStepErrors,
  ConfirmationFields,
  useConfirmationAnswer,
} from '../../../components/confirm-step';
import { FieldError } from '../../../lib/errors/fields';
import { useAuth } from '../../../app/auth';
import { PAYEE_REGISTRATIONS, type PayeeFileFormat, type PayeeRegistration, useImportPayees } from '../api';
import { FileErrors, type FileProblem, fileProblems } from '../components/FileErrors';
import { usePayeeKind } from './kind';

/**
 * 振込先ファイル取込: a CSV of the export's layout, or (for 振込先) a 全銀協 standard-format file whose data records
 * become payees, sent with the confirmation (ConfirmationFields). All or nothing; a refused file lists every line (CSV) or record
 * (Zengin, the header being record 1) with its field, in the API's words.
 */
export function PayeeImportScreen() {
  const { t } = useTranslation('payees');
  const kind = usePayeeKind();
  const { can } = useAuth();
  const registrations = can('company.manage') ? PAYEE_REGISTRATIONS : (['user_registered'] as const);
  const [format, setFormat] = useState<PayeeFileFormat>('csv');
  const [registration, setRegistration] = useState<PayeeRegistration>('user_registered');
  const [file, setFile] = useState<File>();
  const confirmation = useConfirmationAnswer();
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [problems, setProblems] = useState<FileProblem[]>([]);
  const [imported, setImported] = useState<number>();
  const upload = useImportPayees();

  /** Another file (or none, after クリア): what was said about the last one (its refusal, its problems, the count) goes. */
  const choose = (f: File | undefined) => {
    setFile(f);
    setErrors({ fields: {} });
    setProblems([]);
    setImported(undefined);
  };

  const submit = async () => {
    const local: Record<string, string> = { ...confirmation.missing() };
    if (!file) local.file = t('import.noFile');
    setImported(undefined);
    setProblems([]);
    if (Object.keys(local).length) {
      setErrors({ fields: local });
      return;
    }
    setErrors({ fields: {} });
    try {
      const r = await upload.mutateAsync({
        format,
        file: file!,
        registration,
        confirmation: await confirmation.answer(),
      });
      setImported(r.imported);
    } catch (error) {
      setErrors(confirmation.describe(error, toStepErrors(t, error)));
      setProblems(fileProblems(error));
    } finally {
      confirmation.clear();
    }
  };

  return (
    <PageSection>
      <Title headingLevel="h1">{t(`import.title.${kind}`)}</Title>
      <p>{t('import.lead')}</p>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {errors.form && <Alert variant="danger" isInline title={errors.form} role="alert" />}
        {kind === 'transfer' && (
          <FormGroup role="radiogroup" isInline label={t('import.format')} fieldId="payee-format">
            <Radio
              id="payee-format-csv"
              name="payee-format"
              label={t('import.csv')}
              isChecked={format === 'csv'}
              onChange={() => setFormat('csv')}
            />
            <Radio
              id="payee-format-zengin"
              name="payee-format"
              label={t('import.zengin')}
              isChecked={format === 'zengin'}
              onChange={() => setFormat('zengin')}
            />
          </FormGroup>
        )}
        {format === 'zengin' && (
          <FormGroup label={t('import.registration')} fieldId="payee-import-registration">
            <FormSelect
              id="payee-import-registration"
              value={registration}
              onChange={(_e, v) => setRegistration(v as PayeeRegistration)}
            >
              {registrations.map((r) => (
                <FormSelectOption key={r} value={r} label={t(`registration.${r}`)} />
              ))}
            </FormSelect>
          </FormGroup>
        )}
        <FormGroup label={t('import.file')} fieldId="payee-import-file" isRequired>
          <FileUpload
            id="payee-import-file"
            filename={file?.name ?? ''}
            filenamePlaceholder={t('import.noFile')}
            browseButtonText={t('import.choose')}
            clearButtonText={t('import.clear')}
            onFileInputChange={(_e, f) => choose(f)}
            onClearClick={() => choose(undefined)}
            validated={errors.fields.file ? 'error' : 'default'}
          />
          <FieldError fieldId="payee-import-file" message={errors.fields.file} />
        </FormGroup>
        <ConfirmationFields id="payee-import" confirmation={confirmation} errors={errors} />
        <ActionGroup>
          <Button type="submit" variant="primary" isLoading={upload.isPending} isDisabled={upload.isPending}>
            {t('import.start')}
          </Button>
          <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
        </ActionGroup>
      </Form>
      {imported !== undefined && (
        <Alert variant="success" isInline role="status" title={t('import.done', { count: imported })}>
          <Link to={`/payees/${kind}`}>{t('action.backToList')}</Link>
        </Alert>
      )}
      <FileErrors problems={problems} />
    </PageSection>
  );
}
