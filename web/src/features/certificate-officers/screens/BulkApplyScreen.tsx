import { useState } from 'react';
import { ActionGroup, Button, FileUpload, Form, FormGroup, PageSection } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { ConfirmStep, type StepErrors, toStepErrors } from '../../../components/confirm-step';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type BulkResult, useSubmitBulk } from '../api';

interface BulkValues {
  fileName: string;
  tsv: string;
}

interface LineError {
  line: number;
  column: string | null;
  message: string;
}

/**
 * 証明書一括申請 (manual 002): a TSV in the format of 証明書情報一括ダウンロード → 入力内容確認 (file, lines) → 完了.
 * All lines or none: a refused file lists its lines' errors on the confirm step.
 */
export function BulkApplyScreen() {
  const { t } = useTranslation('certificate-officers');
  const submit = useSubmitBulk();
  const describe = (error: unknown): StepErrors => {
    const base = toStepErrors(t, error);
    const lines = isApiError(error) ? (error.details?.errors as LineError[] | undefined) : undefined;
    if (!lines?.length) return base;
    const listed = lines
      .slice(0, 20)
      .map((e) => `${t('bulk.line', { line: e.line })}${e.column ? `（${e.column}）` : ''}: ${e.message}`);
    return { ...base, form: [base.form ?? t('bulk.errors'), ...listed].join(' / ') };
  };
  return (
    <PageSection>
      <ConfirmStep<BulkValues, BulkResult>
        title={t('bulk.title')}
        confirmationPassword={false}
        review={(v) => [
          { name: 'tsv', label: t('bulk.file'), value: v.fileName },
          {
            name: 'lines',
            label: t('bulk.count'),
            value: t('bulk.lines', { count: Math.max(0, v.tsv.trim().split(/\r?\n/).length - 1) }),
          },
        ]}
        describeError={describe}
        submit={(v) => submit.mutateAsync(v.tsv)}
        done={(result) => (
          <>
            <p>{t('bulk.done', { count: result.created })}</p>
            <Link to="/certificates/applications">{t('applications.back')}</Link>
          </>
        )}
        input={({ values, errors, onNext }) => <BulkInput initial={values} errors={errors} onNext={onNext} />}
      />
    </PageSection>
  );
}

function BulkInput(props: { initial?: BulkValues; errors: StepErrors; onNext(v: BulkValues): void }) {
  const { t } = useTranslation('certificate-officers');
  const [v, setV] = useState<BulkValues>(props.initial ?? { fileName: '', tsv: '' });
  const [own, setOwn] = useState<string>();
  const error = own ?? props.errors.fields.tsv;
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!v.tsv) return setOwn(t('bulk.fileRequired'));
        setOwn(undefined);
        props.onNext(v);
      }}
    >
      <p>{t('bulk.lead')}</p>
      <FormError message={props.errors.form} />
      <FormGroup label={t('bulk.file')} fieldId="bulk-file" isRequired>
        <FileUpload
          id="bulk-file"
          filename={v.fileName}
          browseButtonText={t('bulk.file')}
          hideDefaultPreview
          validated={error ? 'error' : 'default'}
          onFileInputChange={(_e, file) => {
            void file.text().then((tsv) => setV({ fileName: file.name, tsv }));
          }}
          onClearClick={() => setV({ fileName: '', tsv: '' })}
        />
        <FieldError fieldId="bulk-file" message={error} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('apply.next')}
        </Button>
        <Link to="/certificates/applications">{t('applications.back')}</Link>
      </ActionGroup>
    </Form>
  );
}
