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
import { FileErrors, type FileProblem, fileProblems } from '../../payees/components/FileErrors';
import { type Batch, type FeeBearer, useApprovalMode, useImportBatch } from '../api';
import {
  ApproverPicker,
  approverProblems,
  approversToSend,
  placeApproverError,
} from '../components/ApproverPicker';
import { useFileBusiness } from '../zengin-kind';

/**
 * 依頼（ファイル受付）: a 全銀協 standard-format file becomes one batch (the header says 総合振込, 給与 or 賞与, the
 * paying account and the date). Every record is checked first; a refused file lists each bad record and field in
 * the API's words (the header is record 1) and nothing is created.
 */
export function BatchImportScreen() {
  const { t } = useTranslation('batches');
  const [file, setFile] = useState<File>();
  const [approverIds, setApproverIds] = useState<string[]>([]);
  // The header says the business, and so whose approval it needs: the approvers are offered once it is read.
  const business = useFileBusiness(file);
  const mode = useApprovalMode(business ?? undefined);
  const [bearer, setBearer] = useState<FeeBearer>('payer');
  const confirmation = useConfirmationAnswer();
  const [errors, setErrors] = useState<StepErrors>({ fields: {} });
  const [problems, setProblems] = useState<FileProblem[]>([]);
  const [created, setCreated] = useState<Batch>();
  const upload = useImportBatch();

  /**
   * Another file (or none, after クリア) may name another business: approvers chosen for the last one are dropped,
   * and so is what was said about the last file (its refusal, its problems, or the batch made of it).
   */
  const choose = (f: File | undefined) => {
    setFile(f);
    setApproverIds([]);
    setErrors({ fields: {} });
    setProblems([]);
    setCreated(undefined);
  };

  const submit = async () => {
    const local: Record<string, string> = { ...confirmation.missing() };
    if (!file) local.file = t('import.noFile');
    // Only a file whose header names its business has an approval mode to check against; the API refuses the rest.
    if (business) Object.assign(local, approverProblems(t, mode.data, approverIds));
    setCreated(undefined);
    setProblems([]);
    if (Object.keys(local).length) {
      setErrors({ fields: local });
      return;
    }
    setErrors({ fields: {} });
    try {
      setCreated(
        await upload.mutateAsync({
          file: file!,
          approverIds: mode.data ? approversToSend(mode.data, approverIds) : approverIds.filter(Boolean),
          feeBearer: bearer,
          confirmation: await confirmation.answer(),
        }),
      );
    } catch (error) {
      setErrors(confirmation.describe(error, placeApproverError(t, error, toStepErrors(t, error))));
      setProblems(fileProblems(error));
    } finally {
      confirmation.clear();
    }
  };

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
        <FormGroup label={t('import.file')} fieldId="batch-import-file" isRequired>
          <FileUpload
            id="batch-import-file"
            filename={file?.name ?? ''}
            filenamePlaceholder={t('import.noFile')}
            browseButtonText={t('import.choose')}
            clearButtonText={t('import.clear')}
            onFileInputChange={(_e, f) => choose(f)}
            onClearClick={() => choose(undefined)}
            validated={errors.fields.file ? 'error' : 'default'}
          />
          <FieldError fieldId="batch-import-file" message={errors.fields.file} />
        </FormGroup>
        <FormGroup label={t('form.bearer')} fieldId="batch-import-bearer">
          <FormSelect id="batch-import-bearer" value={bearer} onChange={(_e, v) => setBearer(v as FeeBearer)}>
            <FormSelectOption value="payer" label={t('bearer.payer')} />
            <FormSelectOption value="payee" label={t('bearer.payee')} />
          </FormSelect>
          <FieldError fieldId="batch-import-bearer" message={errors.fields.feeBearer} />
        </FormGroup>
        <ApproverPicker
          business={business ?? undefined}
          mode={mode.data}
          modeError={mode.error}
          pending={t(business === null ? 'form.approversUnknownKind' : 'form.approversAfterFile')}
          value={approverIds}
          onChange={setApproverIds}
          errorOf={(name) => errors.fields[name]}
        />
        <ConfirmationFields id="batch-import" confirmation={confirmation} errors={errors} />
        <ActionGroup>
          <Button type="submit" variant="primary" isLoading={upload.isPending} isDisabled={upload.isPending}>
            {t('import.start')}
          </Button>
          <Link to="/batches">{t('detail.backToList')}</Link>
        </ActionGroup>
      </Form>
      {created && (
        <Alert variant="success" isInline role="status" title={t('import.done')}>
          <p>{t('form.done', { amount: created.amount.toLocaleString('ja-JP') })}</p>
          <Link to={`/batches/${created.id}`}>{t('form.detail')}</Link>
        </Alert>
      )}
      <FileErrors problems={problems} />
    </PageSection>
  );
}
