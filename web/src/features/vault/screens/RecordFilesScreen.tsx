import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Checkbox,
  FileUpload,
  Form,
  FormGroup,
  PageSection,
  Radio,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import {
  toStepErrors,
  type StepErrors,
  ConfirmationFields,
  useConfirmationAnswer,
} from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type ImportResult, useExportRecords, useImportRecords } from '../api';

/**
 * マイナンバーインポート・エクスポート (manual 004): the CSV both ways, each confirmed on its own form through the shared
 * confirmation fields (ConfirmationFields): the 確認用パスワード, the ワンタイムパスワード where the organization
 * confirms with one, or a passkey step-up where it requires that instead.
 */
export function RecordFilesScreen() {
  const { t } = useTranslation('vault');
  const { can } = useAuth();
  return (
    <PageSection>
      <Title headingLevel="h1">{t('files.title')}</Title>
      {can('personal_numbers.export') && <ExportForm />}
      {can('personal_numbers.write') && <ImportForm />}
    </PageSection>
  );
}

function ExportForm() {
  const { t } = useTranslation('vault');
  const exporter = useExportRecords();
  const confirmation = useConfirmationAnswer();
  const [encoding, setEncoding] = useState<'utf8' | 'sjis'>('utf8');
  const [includeNumbers, setIncludeNumbers] = useState(true);
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [saved, setSaved] = useState<string>();

  const submit = async () => {
    setSaved(undefined);
    const local = confirmation.missing();
    if (Object.keys(local).length) return setErrors({ fields: local });
    try {
      const file = await exporter.mutateAsync({
        encoding,
        includeNumbers,
        confirmation: await confirmation.answer(),
      });
      setErrors({ fields: {} });
      setSaved(file);
    } catch (error) {
      setErrors(confirmation.describe(error, toStepErrors(t, error)));
    } finally {
      confirmation.clear();
    }
  };

  return (
    <Form
      noValidate
      aria-labelledby="vault-export-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Title headingLevel="h2" id="vault-export-title">
        {t('files.exportTitle')}
      </Title>
      <p>{t('files.exportLead')}</p>
      <FormError message={errors.form} />
      <FormGroup role="radiogroup" label={t('files.encoding')} fieldId="vault-export-encoding" isInline>
        <Radio
          id="vault-export-utf8"
          name="vault-export-encoding"
          label={t('files.utf8')}
          isChecked={encoding === 'utf8'}
          onChange={() => setEncoding('utf8')}
        />
        <Radio
          id="vault-export-sjis"
          name="vault-export-encoding"
          label={t('files.sjis')}
          isChecked={encoding === 'sjis'}
          onChange={() => setEncoding('sjis')}
        />
      </FormGroup>
      <Checkbox
        id="vault-export-numbers"
        label={t('files.includeNumbers')}
        isChecked={includeNumbers}
        onChange={(_e, v) => setIncludeNumbers(v)}
      />
      <ConfirmationFields id="vault-export" confirmation={confirmation} errors={errors} />
      {saved && <Alert variant="success" isInline isPlain title={t('files.exported', { file: saved })} />}
      <ActionGroup>
        <Button
          type="submit"
          variant="primary"
          isLoading={exporter.isPending}
          isDisabled={exporter.isPending}
        >
          {t('files.exportButton')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

interface RowError {
  line: number;
  field: string;
  message: string;
}

function ImportForm() {
  const { t } = useTranslation('vault');
  const importer = useImportRecords();
  const confirmation = useConfirmationAnswer();
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [rows, setRows] = useState<RowError[]>([]);
  const [result, setResult] = useState<ImportResult>();

  const submit = async () => {
    setResult(undefined);
    setRows([]);
    const local: Record<string, string> = { ...confirmation.missing() };
    if (!file) local.file = t('files.fileRequired');
    if (!file || Object.keys(local).length) return setErrors({ fields: local });
    try {
      const r = await importer.mutateAsync({ file, confirmation: await confirmation.answer() });
      setErrors({ fields: {} });
      setResult(r);
    } catch (error) {
      setErrors(confirmation.describe(error, toStepErrors(t, error)));
      const details = isApiError(error) ? error.details : undefined;
      if (Array.isArray(details?.rows)) setRows(details.rows as RowError[]);
    } finally {
      confirmation.clear();
    }
  };

  return (
    <Form
      noValidate
      aria-labelledby="vault-import-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Title headingLevel="h2" id="vault-import-title">
        {t('files.importTitle')}
      </Title>
      <p>{t('files.importLead')}</p>
      <FormError message={errors.form} />
      <FormGroup label={t('files.file')} fieldId="vault-import-file" isRequired>
        <FileUpload
          id="vault-import-file"
          filename={file?.name ?? ''}
          browseButtonText={t('files.file')}
          hideDefaultPreview
          onFileInputChange={(_e, f) => setFile(f)}
          onClearClick={() => setFile(undefined)}
        />
        <FieldError fieldId="vault-import-file" message={errors.fields.file} />
      </FormGroup>
      <ConfirmationFields id="vault-import" confirmation={confirmation} errors={errors} />
      {rows.length > 0 && (
        <Alert variant="danger" isInline title={t('files.rowErrors', { count: rows.length })}>
          <ul>
            {rows.slice(0, 100).map((r) => (
              <li key={`${r.line}-${r.field}`}>
                {t('files.rowError', { line: r.line, field: r.field, message: r.message })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {result && (
        <Alert
          variant="success"
          isInline
          isPlain
          title={t('files.imported', {
            total: result.total,
            created: result.created,
            updated: result.updated,
            unchanged: result.unchanged,
          })}
        />
      )}
      <ActionGroup>
        <Button
          type="submit"
          variant="primary"
          isLoading={importer.isPending}
          isDisabled={importer.isPending}
        >
          {t('files.importButton')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
