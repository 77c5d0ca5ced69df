import { useEffect, useState } from 'react';
import { Button, PageSection, Title, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { errorMessage } from '../../../lib/errors';
import { FieldError } from '../../../lib/errors/fields';
import { BulkConfirmDialog } from '../../../components/confirm-step';
import { type Column, DataTable, useListState } from '../../../components/data-table';
import { type NumberRecord, RELATIONS, STATES, useDeleteRecord, useRecords, useReveal } from '../api';

/** How long a revealed number stays on screen before it is masked (and dropped from the page) again. */
export const REVEAL_SECONDS = 10;

const FILTERS = ['relation', 'state', 'retired'] as const;

/**
 * マイナンバー照会 (manual 004): the records in employee-code order, the number masked. 表示 asks the API for one
 * number (recorded in the 取扱記録), shows it for REVEAL_SECONDS, then masks it and forgets it: after that the page
 * holds no digit of it.
 */
export function RecordListScreen() {
  const { t } = useTranslation('vault');
  const { can } = useAuth();
  const list = useListState({ sort: 'employeeCode', filters: FILTERS });
  const { data, isFetching } = useRecords(list.state);
  const [deleting, setDeleting] = useState<NumberRecord>();
  const removal = useDeleteRecord();
  const name = (r: NumberRecord) => `${r.familyName} ${r.givenName}`;

  const columns: Column<NumberRecord>[] = [
    { key: 'employeeCode', header: t('field.employeeCode'), cell: (r) => r.employeeCode },
    { key: 'name', header: t('list.col.name'), cell: name },
    { key: 'relation', header: t('field.relation'), cell: (r) => t(`relation.${r.relation}`) },
    { key: 'state', header: t('field.state'), cell: (r) => t(`state.${r.state}`) },
    {
      key: 'number',
      header: t('list.col.number'),
      cell: (r) => <NumberCell record={r} canReveal={can('personal_numbers.read')} label={name(r)} />,
    },
    { key: 'retiredOn', header: t('field.retiredOn'), cell: (r) => r.retiredOn ?? t('list.none') },
  ];

  const one = (filter: (typeof FILTERS)[number]) => list.state.filters[filter][0] ?? '';
  const toggle = (filter: (typeof FILTERS)[number], options: { value: string; label: string }[]) => (
    <ToggleGroup aria-label={t(`field.${filter === 'retired' ? 'retiredOn' : filter}`)} isCompact>
      {[{ value: '', label: t('list.all') }, ...options].map((o) => (
        <ToggleGroupItem
          key={o.value || 'all'}
          text={o.label}
          isSelected={one(filter) === o.value}
          onChange={() => list.setFilter(filter, o.value ? [o.value] : [])}
        />
      ))}
    </ToggleGroup>
  );

  return (
    <PageSection>
      <Title headingLevel="h1">{t('list.title')}</Title>
      <p>{t('list.lead', { seconds: REVEAL_SECONDS })}</p>
      <DataTable<NumberRecord>
        label={t('list.title')}
        columns={columns}
        rows={data?.items}
        rowId={(r) => r.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        emptyText={t('list.empty')}
        searchPlaceholder={t('list.search')}
        filters={
          <>
            {toggle(
              'relation',
              RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) })),
            )}
            {toggle(
              'state',
              STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
            )}
            {toggle('retired', [
              { value: 'false', label: t('list.retired.active') },
              { value: 'true', label: t('list.retired.retired') },
            ])}
          </>
        }
        actions={
          can('personal_numbers.write') ? (
            <Link className="pf-v6-c-button pf-m-primary" to="/personal-numbers/records/new">
              {t('list.add')}
            </Link>
          ) : undefined
        }
        rowActionsHeader={t('list.col.actions')}
        rowActions={
          can('personal_numbers.write')
            ? (r) => (
                <>
                  <Link
                    to={`/personal-numbers/records/${r.id}`}
                    aria-label={t('list.editOf', { name: name(r) })}
                  >
                    {t('list.edit')}
                  </Link>{' '}
                  <Link
                    to={`/personal-numbers/records/${r.id}/documents`}
                    aria-label={t('documents.linkOf', { name: name(r) })}
                  >
                    {t('documents.link')}
                  </Link>{' '}
                  <Button
                    variant="link"
                    isInline
                    isDanger
                    aria-label={t('list.deleteOf', { name: name(r) })}
                    onClick={() => setDeleting(r)}
                  >
                    {t('list.delete')}
                  </Button>
                </>
              )
            : undefined
        }
      />
      {deleting && (
        <BulkConfirmDialog
          title={t('remove.title')}
          message={t('remove.body', {
            code: deleting.employeeCode,
            name: name(deleting),
            relation: t(`relation.${deleting.relation}`),
          })}
          confirmationPassword={false}
          danger
          onConfirm={() => removal.mutateAsync(deleting.id)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </PageSection>
  );
}

/**
 * The number column of one row: the mask, and 表示 for whoever may reveal. The revealed number lives only in this
 * cell's mutation state; the countdown resets it, so React drops the digits from the page.
 */
function NumberCell({
  record,
  canReveal,
  label,
}: {
  record: NumberRecord;
  canReveal: boolean;
  label: string;
}) {
  const { t } = useTranslation('vault');
  const { t: tErr } = useTranslation();
  const reveal = useReveal();
  const [left, setLeft] = useState(0);
  const shown = reveal.data?.number;

  useEffect(() => {
    if (!shown) return;
    setLeft(REVEAL_SECONDS);
    const tick = setInterval(() => setLeft((s) => s - 1), 1_000);
    const hide = setTimeout(() => reveal.reset(), REVEAL_SECONDS * 1_000);
    return () => {
      clearInterval(tick);
      clearTimeout(hide);
    };
    // The effect follows the number shown; reveal.reset is stable.
  }, [shown, reveal.reset]);

  if (record.maskedNumber === null) return <span>{t('list.none')}</span>;
  if (shown) {
    return (
      <span className="kanri-vault-revealed">
        <span aria-live="polite">{shown}</span>{' '}
        <small>{t('list.revealing', { seconds: Math.max(left, 0) })}</small>{' '}
        <Button variant="link" isInline onClick={() => reveal.reset()}>
          {t('list.hide')}
        </Button>
      </span>
    );
  }
  return (
    <span>
      <span>{record.maskedNumber}</span>{' '}
      {canReveal && (
        <Button
          variant="link"
          isInline
          isLoading={reveal.isPending}
          aria-label={t('list.revealOf', { name: label })}
          onClick={() => reveal.mutate(record.id)}
        >
          {t('list.reveal')}
        </Button>
      )}
      {reveal.isError && (
        <FieldError fieldId={`reveal-${record.id}`} message={errorMessage(tErr, reveal.error)} />
      )}
    </span>
  );
}
