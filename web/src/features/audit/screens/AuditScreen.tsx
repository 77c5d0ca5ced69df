import { useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { FieldError } from '../../../lib/errors/fields';
import { isApiError } from '../../../api/client';
import { useAuth } from '../../../app/auth';
import {
  type AuditConditions,
  type HistoryType,
  type LoginRow,
  type OperationRow,
  type VerifyReport,
  useHistory,
  useHistoryExport,
  useVerify,
} from '../api';
import '../audit.css';

const FILTERS = ['type', 'userId', 'familyName', 'givenName', 'from', 'to'] as const;
const CONDITION_FIELDS = ['userId', 'familyName', 'givenName'] as const;
const TYPES: HistoryType[] = ['login', 'activity', 'users'];

/**
 * 操作履歴検索・出力 (manual 000): 種別 (ログイン履歴, 操作履歴, ユーザーアカウント情報), ユーザーID, 氏, 名 and 対象日付;
 * 検索 lists the matching rows (the conditions live in the URL), 出力 downloads the CSV under the server's file
 * name. The hash-chain check (改ざん検証) reports the first broken link.
 */
export function AuditScreen() {
  const { t } = useTranslation('audit');
  const { principal, orgId } = useAuth();
  const list = useListState({ sort: 'occurredAt', order: 'desc', filters: FILTERS });
  const f = list.state.filters;
  const one = (name: (typeof FILTERS)[number]) => f[name][0] ?? '';
  const searchedType = (one('type') || 'login') as HistoryType;
  const searched = f.type.length > 0;
  const urlConditions: AuditConditions = {
    userId: one('userId'),
    familyName: one('familyName'),
    givenName: one('givenName'),
    from: one('from'),
    to: one('to'),
  };
  const [type, setType] = useState<HistoryType>(searchedType);
  const [conditions, setConditions] = useState<AuditConditions>(urlConditions);
  const [encoding, setEncoding] = useState<'utf8' | 'sjis'>('utf8');
  const [dateError, setDateError] = useState<string>();
  const [downloaded, setDownloaded] = useState<string>();
  const exporter = useHistoryExport();
  const verify = useVerify();

  const historyType = searchedType === 'users' ? 'login' : searchedType;
  const history = useHistory(
    historyType,
    urlConditions,
    list.state.page,
    list.state.perPage,
    searched && searchedType !== 'users',
  );

  const loginPage = history.data?.type === 'login' ? history.data.page : undefined;
  const operationPage = history.data?.type === 'activity' ? history.data.page : undefined;

  const valid = () => {
    if (conditions.from && conditions.to && conditions.from > conditions.to) {
      setDateError(t('dateOrder'));
      return false;
    }
    setDateError(undefined);
    return true;
  };

  const search = () => {
    if (!valid()) return;
    list.setFilters({
      type: [type],
      ...Object.fromEntries(
        FILTERS.slice(1).map((k) => [
          k,
          conditions[k as keyof AuditConditions] ? [conditions[k as keyof AuditConditions]!] : [],
        ]),
      ),
    });
  };

  const download = async () => {
    if (!valid()) return;
    setDownloaded(undefined);
    try {
      const name = await exporter.mutateAsync({ type, conditions, encoding });
      setDownloaded(t('downloaded', { name }));
    } catch {
      // shown from exporter.error below
    }
  };

  const apiFields = isApiError(history.error) ? history.error.fields : {};
  const fieldError = (name: string) =>
    (name === 'from' || name === 'to' ? dateError : undefined) ?? apiFields[name]?.join(' ');

  const loginColumns: Column<LoginRow>[] = [
    { key: 'occurredAt', header: t('col.at'), cell: (r) => formatDateTime(r.occurredAt) },
    { key: 'userId', header: t('col.userId'), cell: (r) => r.userId },
    { key: 'action', header: t('col.action'), cell: (r) => r.actionLabel },
    { key: 'ip', header: t('col.ip'), cell: (r) => r.ip ?? '' },
  ];
  const operationColumns: Column<OperationRow>[] = [
    { key: 'occurredAt', header: t('col.operatedAt'), cell: (r) => formatDateTime(r.occurredAt) },
    { key: 'operation', header: t('col.operation'), cell: (r) => r.operationLabel },
    { key: 'screen', header: t('col.screen'), cell: (r) => r.screen },
    { key: 'operator', header: t('col.operator'), cell: (r) => r.operatorLoginId ?? '' },
    {
      key: 'outcome',
      header: t('col.outcome'),
      cell: (r) => (r.errorCode ? `${r.outcome} (${r.errorCode})` : r.outcome),
    },
    {
      key: 'details',
      header: t('col.details'),
      cell: (r) => <span className="kanri-audit-details">{r.details ?? ''}</span>,
    },
  ];

  return (
    <PageSection>
      <Title headingLevel="h1">{t('title')}</Title>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
        noValidate
      >
        <Grid hasGutter>
          <GridItem md={4}>
            <FormGroup label={t('type')} isRequired fieldId="audit-type">
              <FormSelect id="audit-type" value={type} onChange={(_e, v) => setType(v as HistoryType)}>
                {TYPES.map((ty) => (
                  <FormSelectOption key={ty} value={ty} label={t(`types.${ty}`)} />
                ))}
              </FormSelect>
            </FormGroup>
          </GridItem>
          <GridItem md={8}>{type === 'users' && <p>{t('usersNoConditions')}</p>}</GridItem>
          {CONDITION_FIELDS.map((name) => (
            <GridItem md={4} key={name}>
              <FormGroup label={t(`field.${name}`)} fieldId={`audit-${name}`}>
                <TextInput
                  id={`audit-${name}`}
                  value={conditions[name] ?? ''}
                  isDisabled={type === 'users'}
                  onChange={(_e, v) => setConditions((c) => ({ ...c, [name]: v }))}
                  validated={fieldError(name) ? 'error' : 'default'}
                />
                <FieldError fieldId={`audit-${name}`} message={fieldError(name)} />
              </FormGroup>
            </GridItem>
          ))}
          {(['from', 'to'] as const).map((name) => (
            <GridItem md={4} key={name}>
              <FormGroup label={t(`field.${name}`)} fieldId={`audit-${name}`}>
                <TextInput
                  id={`audit-${name}`}
                  type="date"
                  value={conditions[name] ?? ''}
                  isDisabled={type === 'users'}
                  onChange={(_e, v) => setConditions((c) => ({ ...c, [name]: v }))}
                  validated={fieldError(name) ? 'error' : 'default'}
                  aria-describedby={fieldError(name) ? `audit-${name}-error` : undefined}
                />
                <FieldError fieldId={`audit-${name}`} message={fieldError(name)} />
              </FormGroup>
            </GridItem>
          ))}
          <GridItem md={4}>
            <FormGroup label={t('encoding')} fieldId="audit-encoding">
              <FormSelect
                id="audit-encoding"
                value={encoding}
                onChange={(_e, v) => setEncoding(v as 'utf8' | 'sjis')}
              >
                <FormSelectOption value="utf8" label={t('utf8')} />
                <FormSelectOption value="sjis" label={t('sjis')} />
              </FormSelect>
            </FormGroup>
          </GridItem>
        </Grid>
        <ActionGroup>
          <Button type="submit" variant="primary" isDisabled={type === 'users'}>
            {t('search')}
          </Button>
          <Button variant="secondary" onClick={() => void download()} isLoading={exporter.isPending}>
            {t('export')}
          </Button>
        </ActionGroup>
      </Form>
      {downloaded && <Alert variant="success" isInline title={downloaded} role="status" />}
      {exporter.error && (
        <Alert variant="danger" isInline title={errorMessage(t, exporter.error)} role="alert" />
      )}
      {history.error && !Object.keys(apiFields).length && (
        <Alert variant="danger" isInline title={errorMessage(t, history.error)} role="alert" />
      )}

      {searched && searchedType === 'login' && (
        <DataTable<LoginRow>
          label={t('types.login')}
          columns={loginColumns}
          rows={loginPage?.items}
          rowId={(r) => r.id}
          total={loginPage?.total}
          list={list}
          loading={history.isFetching}
        />
      )}
      {searched && searchedType === 'activity' && (
        <DataTable<OperationRow>
          label={t('types.activity')}
          columns={operationColumns}
          rows={operationPage?.items}
          rowId={(r) => r.id}
          total={operationPage?.total}
          list={list}
          loading={history.isFetching}
        />
      )}

      <Title headingLevel="h2" size="lg" className="kanri-audit-verify">
        {t('verify.title')}
      </Title>
      <p>{t('verify.lead')}</p>
      <ActionGroup>
        {orgId && (
          <Button
            variant="secondary"
            onClick={() => verify.mutate('organization')}
            isLoading={verify.isPending}
          >
            {t('verify.organization')}
          </Button>
        )}
        {principal?.isSystemOperator && (
          <Button variant="secondary" onClick={() => verify.mutate('system')} isLoading={verify.isPending}>
            {t('verify.system')}
          </Button>
        )}
      </ActionGroup>
      {verify.error && <Alert variant="danger" isInline title={errorMessage(t, verify.error)} role="alert" />}
      {verify.data && <VerifyResult report={verify.data} />}
    </PageSection>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  const { t } = useTranslation('audit');
  const line = (name: 'operations' | 'loginHistory') => {
    const c = report[name];
    return c.ok
      ? t('verify.chainOk', { chain: t(`verify.${name}`), checked: c.checked })
      : t('verify.chainBroken', {
          chain: t(`verify.${name}`),
          seq: c.firstBroken?.seq,
          reason: t(`verify.reason.${c.firstBroken?.reason}`, { defaultValue: c.firstBroken?.reason }),
        });
  };
  return (
    <Alert
      variant={report.ok ? 'success' : 'danger'}
      isInline
      role={report.ok ? 'status' : 'alert'}
      title={report.ok ? t('verify.ok') : t('verify.broken')}
    >
      <ul>
        <li>{line('operations')}</li>
        <li>{line('loginHistory')}</li>
      </ul>
    </Alert>
  );
}
