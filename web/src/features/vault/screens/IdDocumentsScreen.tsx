import { useState } from 'react';
import {
  ActionGroup,
  Alert,
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
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import {
  BulkConfirmDialog,
  ConfirmStep,
  type StepErrors,
  toStepErrors,
} from '../../../components/confirm-step';
import { formatDateTime } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { FieldError, FormError } from '../../../lib/errors/fields';
import { type NumberRecord, useRecord } from '../api';
import {
  DOCUMENT_KINDS,
  DOCUMENT_TYPES,
  type DocumentKind,
  type IdDocument,
  MAX_DOCUMENT_BYTES,
  useDocuments,
  useRemoveDocument,
  useUploadDocument,
  useViewDocument,
} from '../documents-api';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * 本人確認書類 (番号確認書類・身元確認書類, manual 004) of one record: upload a JPEG, PNG or PDF of at most 10 MB
 * (入力 → 入力内容確認 → 完了), view it (handed to the browser once; every view is in the 取扱記録), delete it.
 */
export function IdDocumentsScreen() {
  const { id } = useParams();
  const record = useRecord(id);
  if (!record.data) return null;
  return <IdDocuments record={record.data} key={record.data.id} />;
}

function IdDocuments({ record }: { record: NumberRecord }) {
  const { t } = useTranslation('vault');
  const { can } = useAuth();
  const documents = useDocuments(record.id);
  const view = useViewDocument(record.id);
  const remove = useRemoveDocument(record.id);
  const [round, setRound] = useState(0);
  const [removing, setRemoving] = useState<IdDocument>();
  const [notice, setNotice] = useState<string>();
  const name = `${record.familyName} ${record.givenName}`;
  const label = (d: IdDocument) => `${t(`documents.kind.${d.kind}`)} ${formatDateTime(d.createdAt)}`;

  return (
    <PageSection>
      <Title headingLevel="h1">{t('documents.title')}</Title>
      <p>
        {t('documents.of', {
          code: record.employeeCode,
          name,
          relation: t(`relation.${record.relation}`),
        })}
      </p>
      {notice && <Alert variant="success" isInline isPlain title={notice} />}
      {view.isError && <Alert variant="danger" isInline isPlain title={errorMessage(t, view.error)} />}
      <Table aria-label={t('documents.title')} variant="compact">
        <Thead>
          <Tr>
            <Th>{t('documents.kindLabel')}</Th>
            <Th>{t('documents.type')}</Th>
            <Th>{t('documents.size')}</Th>
            <Th>{t('documents.createdAt')}</Th>
            <Th screenReaderText={t('list.col.actions')} />
          </Tr>
        </Thead>
        <Tbody>
          {(documents.data ?? []).map((d) => (
            <Tr key={d.id}>
              <Td>{t(`documents.kind.${d.kind}`)}</Td>
              <Td>{t(`documents.contentType.${d.contentType.replace('/', '_')}`)}</Td>
              <Td>{sizeText(d.byteSize)}</Td>
              <Td>{formatDateTime(d.createdAt)}</Td>
              <Td>
                {can('personal_numbers.read') && (
                  <Button
                    variant="link"
                    isInline
                    aria-label={t('documents.viewOf', { document: label(d) })}
                    onClick={() => {
                      setNotice(undefined);
                      view.mutate(d.id, { onSuccess: (file) => setNotice(t('documents.viewed', { file })) });
                    }}
                  >
                    {t('documents.view')}
                  </Button>
                )}{' '}
                {can('personal_numbers.write') && (
                  <Button
                    variant="link"
                    isInline
                    isDanger
                    aria-label={t('documents.removeOf', { document: label(d) })}
                    onClick={() => setRemoving(d)}
                  >
                    {t('documents.remove')}
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
          {documents.data?.length === 0 && (
            <Tr>
              <Td colSpan={5}>{t('documents.empty')}</Td>
            </Tr>
          )}
        </Tbody>
      </Table>
      {can('personal_numbers.write') && (
        <UploadFlow key={round} recordId={record.id} onAgain={() => setRound((n) => n + 1)} />
      )}
      <p>
        <Link to="/personal-numbers/records">{t('documents.back')}</Link>
      </p>
      {removing && (
        <BulkConfirmDialog
          title={t('documents.removeTitle')}
          message={t('documents.removeBody', { document: label(removing), name })}
          confirmationPassword={false}
          danger
          onConfirm={async () => {
            await remove.mutateAsync(removing.id);
            setNotice(t('documents.removed'));
          }}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </PageSection>
  );
}

interface UploadValues {
  kind: DocumentKind;
  file: File | null;
}

function UploadFlow({ recordId, onAgain }: { recordId: string; onAgain(): void }) {
  const { t } = useTranslation('vault');
  const upload = useUploadDocument(recordId);
  return (
    <ConfirmStep<UploadValues, IdDocument>
      title={t('documents.upload')}
      confirmationPassword={false}
      review={(v) => [
        { name: 'kind', label: t('documents.kindLabel'), value: t(`documents.kind.${v.kind}`) },
        {
          name: 'file',
          label: t('documents.file'),
          value: v.file ? `${v.file.name}（${sizeText(v.file.size)}）` : '',
        },
      ]}
      describeError={(error) =>
        toStepErrors(t, error, {
          DOCUMENT_TYPE_UNSUPPORTED: 'file',
          DOCUMENT_TOO_LARGE: 'file',
          DOCUMENT_LIMIT_REACHED: 'file',
        })
      }
      submit={(v) => upload.mutateAsync({ kind: v.kind, file: v.file! })}
      done={(d) => (
        <>
          <p>{t('documents.uploaded', { kind: t(`documents.kind.${d.kind}`) })}</p>
          <Button variant="secondary" onClick={onAgain}>
            {t('documents.again')}
          </Button>
        </>
      )}
      input={({ values, errors, onNext }) => (
        <UploadInput
          initial={values ?? { kind: 'number_confirmation', file: null }}
          errors={errors}
          onNext={onNext}
        />
      )}
    />
  );
}

function UploadInput(props: { initial: UploadValues; errors: StepErrors; onNext(v: UploadValues): void }) {
  const { t } = useTranslation('vault');
  const [v, setV] = useState(props.initial);
  const [own, setOwn] = useState<string>();
  const fileError = own ?? props.errors.fields.file;
  return (
    <Form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = v.file;
        const problem = !f
          ? t('documents.fileRequired')
          : !(
                (DOCUMENT_TYPES as readonly string[]).includes(f.type) ||
                (!f.type && /\.(jpe?g|png|pdf)$/i.test(f.name))
              )
            ? t('documents.typeInvalid')
            : f.size > MAX_DOCUMENT_BYTES
              ? t('documents.tooLarge')
              : undefined;
        setOwn(problem);
        if (!problem) props.onNext(v);
      }}
    >
      <FormError message={props.errors.form} />
      <FormGroup label={t('documents.kindLabel')} fieldId="document-kind" isRequired>
        <FormSelect
          id="document-kind"
          value={v.kind}
          onChange={(_e, kind) => setV({ ...v, kind: kind as DocumentKind })}
        >
          {DOCUMENT_KINDS.map((k) => (
            <FormSelectOption key={k} value={k} label={t(`documents.kind.${k}`)} />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup label={t('documents.file')} fieldId="document-file" isRequired>
        <FileUpload
          id="document-file"
          filename={v.file?.name ?? ''}
          browseButtonText={t('documents.choose')}
          hideDefaultPreview
          validated={fileError ? 'error' : 'default'}
          onFileInputChange={(_e, file) => setV({ ...v, file })}
          onClearClick={() => setV({ ...v, file: null })}
        />
        {!fileError && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id="document-file-help">{t('documents.fileHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
        <FieldError fieldId="document-file" message={fileError} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('documents.next')}
        </Button>
      </ActionGroup>
    </Form>
  );
}
