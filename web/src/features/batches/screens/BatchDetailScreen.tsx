import { useMemo } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  PageSection,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { type Column, DataTable, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { type Batch, type BatchLine, useBatch, useBatchDownload, useBatchLines } from '../api';
import { approverFieldLabel } from '../../../components/confirm-step';
import { yenOf } from './format';

const LINE_DEFAULTS = { sort: 'lineNo' } as const;

/**
 * 依頼内容照会 of a batch: the totals the request holds (amount, fees), its lines a page at a time with each
 * line's fee, 明細出力 (CSV) and the Zengin file of an approved batch. A refusal (a batch not approved yet, or
 * one keyed in before the organization has Zengin header settings: 409) is shown in the API's words.
 */
export function BatchDetailScreen() {
  const { requestId = '' } = useParams();
  const { t } = useTranslation('batches');
  const batch = useBatch(requestId);
  if (batch.error)
    return (
      <PageSection>
        <Title headingLevel="h1">{t('detail.title')}</Title>
        <Alert variant="danger" isInline role="alert" title={errorMessage(t, batch.error)} />
      </PageSection>
    );
  if (!batch.data) return null;
  return <BatchDetail batch={batch.data} />;
}

/** The API's own sentence for a 409 (why the file cannot be written), the console's words otherwise. */
function refusal(t: Parameters<typeof errorMessage>[0], error: unknown): string {
  if (isApiError(error) && error.statusCode === 409)
    return `${t('batches:detail.fileRefused')} ${error.message}`;
  return errorMessage(t, error);
}

/** The named approvers in order, by name (login ID) where the answer has them, each by its field when two. */
function approverWords(t: TFunction, batch: Batch): string {
  const slots = [...batch.approvers].sort((a, b) => a.position - b.position);
  const name = (userId: string) => {
    const p = batch.people?.[userId];
    return p ? `${p.displayName}（${p.loginId}）` : userId;
  };
  if (slots.length < 2) return slots.map((s) => name(s.userId)).join('、');
  return slots.map((s, i) => `${approverFieldLabel(t, batch.approvalMode, i)}: ${name(s.userId)}`).join('、');
}

function BatchDetail({ batch }: { batch: Batch }) {
  const { t } = useTranslation('batches');
  const list = useListState(LINE_DEFAULTS);
  const lines = useBatchLines(batch.id, list.state);
  const download = useBatchDownload(batch.id);

  const columns: Column<BatchLine>[] = useMemo(
    () => [
      { key: 'lineNo', header: t('line.no'), cell: (l) => l.lineNo },
      { key: 'payeeName', header: t('line.payeeName'), cell: (l) => l.payeeName },
      {
        key: 'account',
        header: t('line.account'),
        cell: (l) =>
          `${l.bankCode} ${l.bankName} / ${l.branchCode} ${l.branchName} / ${t(`accountType.${l.accountType}`)} ${l.accountNumber}`,
      },
      { key: 'amount', header: t('line.amount'), cell: (l) => yenOf(l.amount) },
      { key: 'pattern', header: t('line.pattern'), cell: (l) => t(`pattern.${l.pattern}`) },
      { key: 'actualFee', header: t('line.actualFee'), cell: (l) => yenOf(l.actualFee) },
      { key: 'deductedFee', header: t('line.deductedFee'), cell: (l) => yenOf(l.deductedFee) },
      { key: 'transferAmount', header: t('line.transferAmount'), cell: (l) => yenOf(l.transferAmount) },
    ],
    [t],
  );

  const business = batch.payrollKind
    ? `${t('business.payroll')}（${t(`payrollKind.${batch.payrollKind}`)}）`
    : t(`business.${batch.businessType}`, batch.businessType);
  const summary: [string, string][] = [
    [t('detail.business'), business],
    [t('detail.status'), t(`status.${batch.status}`)],
    [t('form.mode'), t(`mode.${batch.approvalMode}`)],
    ...(batch.approvers.length
      ? ([[t('detail.approvers'), approverWords(t, batch)]] as [string, string][])
      : []),
    [t('detail.executionDate'), batch.executionDate],
    [t('detail.count'), lines.data ? `${lines.data.total.toLocaleString('ja-JP')} 件` : ''],
    [t('detail.amount'), yenOf(batch.amount)],
    ...(batch.fee
      ? ([
          [t('detail.bearer'), t(`bearer.${batch.fee.bearer}`)],
          [t('detail.actualFee'), yenOf(batch.fee.actualFee)],
          [t('detail.deductedFee'), yenOf(batch.fee.deductedFee)],
          [t('detail.transferAmount'), yenOf(batch.fee.transferAmount)],
          [t('detail.difference'), yenOf(batch.fee.difference)],
        ] as [string, string][])
      : []),
    ...(batch.rejectReason ? ([[t('detail.rejectReason'), batch.rejectReason]] as [string, string][]) : []),
  ];

  const actions = (
    <>
      <ToolbarItem>
        <Button variant="secondary" onClick={() => download.mutate('csv')} isLoading={download.isPending}>
          {t('detail.exportCsv')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" onClick={() => download.mutate('zengin')} isLoading={download.isPending}>
          {t('detail.zengin')}
        </Button>
      </ToolbarItem>
    </>
  );

  return (
    <PageSection>
      <Title headingLevel="h1">{t('detail.title')}</Title>
      <section aria-labelledby="batch-summary">
        <Title headingLevel="h2" id="batch-summary">
          {t('detail.summary')}
        </Title>
        <DescriptionList isHorizontal isCompact aria-labelledby="batch-summary">
          {summary.map(([term, value]) => (
            <DescriptionListGroup key={term}>
              <DescriptionListTerm>{term}</DescriptionListTerm>
              <DescriptionListDescription>{value}</DescriptionListDescription>
            </DescriptionListGroup>
          ))}
        </DescriptionList>
        {batch.status === 'pending' && (
          <p>
            <Link to={`/requests/${batch.id}`}>{t('detail.toApproval')}</Link>
          </p>
        )}
        <p>{t('detail.zenginLead')}</p>
      </section>
      {download.error && <Alert variant="danger" isInline role="alert" title={refusal(t, download.error)} />}
      {download.data && (
        <Alert
          variant="success"
          isInline
          role="status"
          title={t('detail.downloaded', { name: download.data })}
        />
      )}
      <section aria-labelledby="batch-lines">
        <Title headingLevel="h2" id="batch-lines">
          {t('detail.lines')}
        </Title>
        <DataTable<BatchLine>
          label={t('detail.lines')}
          columns={columns}
          rows={lines.data?.items}
          rowId={(l) => String(l.lineNo)}
          total={lines.data?.total}
          list={list}
          loading={lines.isFetching}
          actions={actions}
        />
      </section>
      <Link to="/batches">{t('detail.backToList')}</Link>
    </PageSection>
  );
}
