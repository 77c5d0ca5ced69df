import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  FileUpload,
  Form,
  FormGroup,
  PageSection,
  Progress,
  ProgressMeasureLocation,
  ProgressVariant,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  type StepErrors,
  toStepErrors,
  ConfirmationFields,
  useConfirmationAnswer,
} from '../../../components/confirm-step';
import { FieldError } from '../../../lib/errors/fields';
import { useImportJob, useStartImport } from '../api';

/**
 * ユーザーインポート: the CSV file and the confirmation (確認用パスワード, and the ワンタイムパスワード where the
 * organization confirms with one) go up together; the job then reports
 * `{processed, total}` for the progress bar, and on a bad file every line error (nothing is imported).
 */
export function ImportScreen() {
  const { t } = useTranslation('members');
  const [file, setFile] = useState<File>();
  const confirmation = useConfirmationAnswer();
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [jobId, setJobId] = useState<string>();
  const start = useStartImport();
  const job = useImportJob(jobId);

  const submit = async () => {
    const local: Record<string, string> = { ...confirmation.missing() };
    if (!file) local.file = t('import.noFile');
    if (Object.keys(local).length) {
      setErrors({ fields: local });
      return;
    }
    setErrors({ fields: {} });
    setJobId(undefined);
    try {
      const { jobId: id } = await start.mutateAsync({
        file: file!,
        confirmation: await confirmation.answer(),
      });
      setJobId(id);
    } catch (error) {
      setErrors(confirmation.describe(error, toStepErrors(t, error)));
    } finally {
      confirmation.clear();
    }
  };

  const j = job.data;
  const running = !!jobId && (!j || j.state === 'queued' || j.state === 'running');
  const percent = j && j.total ? Math.round((j.processed / j.total) * 100) : 0;

  return (
    <PageSection>
      <Title headingLevel="h1">{t('import.title')}</Title>
      <p>{t('import.lead')}</p>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {errors.form && <Alert variant="danger" isInline title={errors.form} role="alert" />}
        <FormGroup label={t('import.file')} fieldId="import-file" isRequired>
          <FileUpload
            id="import-file"
            filename={file?.name ?? ''}
            filenamePlaceholder={t('import.noFile')}
            browseButtonText={t('import.choose')}
            clearButtonText={t('import.clear')}
            onFileInputChange={(_e, f) => setFile(f)}
            onClearClick={() => setFile(undefined)}
            dropzoneProps={{ accept: { 'text/csv': ['.csv'] } }}
            validated={errors.fields.file ? 'error' : 'default'}
          />
          <FieldError fieldId="import-file" message={errors.fields.file} />
        </FormGroup>
        <ConfirmationFields id="import" confirmation={confirmation} errors={errors} />
        <ActionGroup>
          <Button type="submit" variant="primary" isDisabled={running || start.isPending} isLoading={running}>
            {t('import.start')}
          </Button>
          <Link to="/users">{t('action.backToList')}</Link>
        </ActionGroup>
      </Form>

      {jobId && (
        <Progress
          title={t('import.progress')}
          aria-label={t('import.progress')}
          value={j?.state === 'succeeded' ? 100 : percent}
          label={
            j ? t('import.progressText', { processed: j.processed, total: j.total }) : t('import.queued')
          }
          measureLocation={ProgressMeasureLocation.outside}
          variant={
            j?.state === 'failed'
              ? ProgressVariant.danger
              : j?.state === 'succeeded'
                ? ProgressVariant.success
                : undefined
          }
        />
      )}
      {j?.state === 'succeeded' && (
        <Alert
          variant="success"
          isInline
          role="status"
          title={t('import.succeeded', { created: j.created, updated: j.updated })}
        >
          <Link to="/users">{t('action.backToList')}</Link>
        </Alert>
      )}
      {j?.state === 'failed' && (
        <>
          <Alert
            variant="danger"
            isInline
            role="alert"
            title={
              j.errorCode && j.errorCode !== 'IMPORT_INVALID'
                ? t(`errors:codes.${j.errorCode}`, { defaultValue: t('import.failed') })
                : t('import.failed')
            }
          />
          {j.errors.length > 0 && (
            <Table aria-label={t('import.errorsTable')} variant="compact">
              <Thead>
                <Tr>
                  <Th width={10}>{t('import.line')}</Th>
                  <Th width={20}>{t('import.field')}</Th>
                  <Th>{t('import.message')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {j.errors.map((e, i) => (
                  <Tr key={`${e.line}-${e.field}-${i}`}>
                    <Td dataLabel={t('import.line')}>{e.line}</Td>
                    <Td dataLabel={t('import.field')}>{e.field || t('import.wholeRow')}</Td>
                    <Td dataLabel={t('import.message')}>{e.message}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </>
      )}
    </PageSection>
  );
}
