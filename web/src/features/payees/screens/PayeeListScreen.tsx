import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { errorMessage } from '../../../lib/errors';
import { PAYEE_LIST_DEFAULTS, PAYEE_REGISTRATIONS, type Payee, useExportPayees, usePayeeList } from '../api';
import { usePayeeKind } from './kind';

/**
 * 振込先管理 / 請求先管理: the register a page at a time (25/50/100), filtered by registration, name (prefix, kana)
 * and group as the API offers; 新規登録, 変更, 削除, ファイル取込 and the CSV export of the filtered rows.
 */
export function PayeeListScreen() {
  const { t } = useTranslation('payees');
  const kind = usePayeeKind();
  const list = useListState(PAYEE_LIST_DEFAULTS);
  const { data, isFetching, error } = usePayeeList(kind, list.state);
  const exporter = useExportPayees();
  const [encoding, setEncoding] = useState<'utf8' | 'sjis'>('utf8');
  const f = list.state.filters;
  const [name, setName] = useState(f.name[0] ?? '');
  const [group, setGroup] = useState(f.groupName[0] ?? '');

  const columns: Column<Payee>[] = useMemo(
    () => [
      { key: 'nameKana', header: t('col.nameKana'), cell: (p) => p.nameKana },
      {
        key: 'bank',
        header: t('col.bank'),
        cell: (p) => `${p.bankCode}${p.bankName ? ` ${p.bankName}` : ''}`,
      },
      {
        key: 'branch',
        header: t('col.branch'),
        cell: (p) => `${p.branchCode}${p.branchName ? ` ${p.branchName}` : ''}`,
      },
      { key: 'accountType', header: t('col.accountType'), cell: (p) => t(`accountType.${p.accountType}`) },
      { key: 'accountNumber', header: t('col.accountNumber'), cell: (p) => p.accountNumber },
      {
        key: 'registration',
        header: t('col.registration'),
        cell: (p) => t(`registration.${p.registration}`),
      },
      { key: 'groupName', header: t('col.groupName'), cell: (p) => p.groupName ?? '' },
      { key: 'updatedAt', header: t('col.updatedAt'), cell: (p) => formatDateTime(p.updatedAt) },
    ],
    [t],
  );

  const rowActions = useMemo(
    () => (p: Payee) => (
      <>
        <Link to={`/payees/${kind}/${p.id}/edit`} aria-label={`${p.nameKana} ${t('action.edit')}`}>
          {t('action.edit')}
        </Link>{' '}
        <Link to={`/payees/${kind}/${p.id}/delete`} aria-label={`${p.nameKana} ${t('action.delete')}`}>
          {t('action.delete')}
        </Link>
      </>
    ),
    [kind, t],
  );

  const filters = (
    <>
      <ToolbarItem>
        <FormSelect
          id="payee-registration"
          aria-label={t('filter.registration')}
          value={f.registration[0] ?? ''}
          onChange={(_e, v) => list.setFilter('registration', v ? [v] : [])}
        >
          <FormSelectOption value="" label={t('filter.all')} />
          {PAYEE_REGISTRATIONS.map((r) => (
            <FormSelectOption key={r} value={r} label={t(`registration.${r}`)} />
          ))}
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <form
          role="search"
          aria-label={t('filter.search')}
          className="kanri-payee-filter"
          onSubmit={(e) => {
            e.preventDefault();
            list.setFilters({
              name: name.trim() ? [name.trim()] : [],
              groupName: group.trim() ? [group.trim()] : [],
            });
          }}
        >
          <TextInput
            aria-label={t('filter.name')}
            placeholder={t('filter.name')}
            value={name}
            onChange={(_e, v) => setName(v)}
          />{' '}
          <TextInput
            aria-label={t('filter.groupName')}
            placeholder={t('filter.groupName')}
            value={group}
            onChange={(_e, v) => setGroup(v)}
          />{' '}
          <Button type="submit" variant="secondary">
            {t('filter.search')}
          </Button>
        </form>
      </ToolbarItem>
    </>
  );

  const actions = (
    <>
      <ToolbarItem>
        <Link className="pf-v6-c-button pf-m-primary" to={`/payees/${kind}/new`}>
          {t('action.create')}
        </Link>
      </ToolbarItem>
      <ToolbarItem>
        <Link className="pf-v6-c-button pf-m-secondary" to={`/payees/${kind}/import`}>
          {t('action.import')}
        </Link>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          id="payee-encoding"
          aria-label={t('action.encoding')}
          value={encoding}
          onChange={(_e, v) => setEncoding(v as 'utf8' | 'sjis')}
        >
          <FormSelectOption value="utf8" label={t('action.utf8')} />
          <FormSelectOption value="sjis" label={t('action.sjis')} />
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <Button
          variant="secondary"
          isLoading={exporter.isPending}
          onClick={() =>
            exporter.mutate({
              kind,
              encoding,
              registration: f.registration[0],
              name: f.name[0],
              groupName: f.groupName[0],
            })
          }
        >
          {t('action.export')}
        </Button>
      </ToolbarItem>
    </>
  );

  return (
    <PageSection>
      <Title headingLevel="h1">{t(`title.${kind}`)}</Title>
      <p>{t(`lead.${kind}`)}</p>
      {error && <Alert variant="danger" isInline role="alert" title={errorMessage(t, error)} />}
      {exporter.error && (
        <Alert variant="danger" isInline role="alert" title={errorMessage(t, exporter.error)} />
      )}
      <DataTable<Payee>
        label={t(`title.${kind}`)}
        columns={columns}
        rows={data?.items}
        rowId={(p) => p.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        filters={filters}
        actions={actions}
        rowActions={rowActions}
        rowActionsHeader={t('action.rowActions')}
      />
    </PageSection>
  );
}
