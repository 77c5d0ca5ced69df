import { useState } from 'react';
import {
  ActionGroup,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { PlainTextField } from '../../../lib/errors/fields';
import '../requests.css';
import {
  BUSINESS_TYPES,
  REQUEST_STATUSES,
  type RequestFilters,
  type RequestListView,
  type RequestStatus,
  type RequestView,
  personName,
  useRequests,
} from '../api';

const FILTERS: readonly RequestFilters[] = ['status', 'businessType', 'from', 'to', 'requester'];

export const STATUS_COLOR: Record<RequestStatus, 'orange' | 'green' | 'red' | 'grey' | 'blue'> = {
  pending: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'grey',
  expired: 'grey',
};

export function StatusLabel({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('requests');
  return (
    <Label color={STATUS_COLOR[status]} isCompact>
      {t(`status.${status}`)}
    </Label>
  );
}

function useColumns(): Column<RequestView>[] {
  const { t } = useTranslation('requests');
  return [
    {
      key: 'id',
      header: t('field.id'),
      cell: (r) => <Link to={`/requests/${r.id}`}>{r.id.slice(-8).toUpperCase()}</Link>,
    },
    {
      key: 'businessType',
      header: t('field.businessType'),
      cell: (r) => <span className="kanri-requests-nowrap">{t(`business.${r.businessType}`)}</span>,
    },
    { key: 'requester', header: t('field.requester'), cell: (r) => personName(r, r.requesterId) },
    {
      key: 'payee',
      header: t('field.payee'),
      cell: (r) => <span className="kanri-requests-nowrap">{r.payee.name ?? '—'}</span>,
    },
    {
      key: 'amount',
      header: t('field.amount'),
      cell: (r) => (
        <span className="kanri-requests-nowrap">
          {t('create.yen', { amount: r.amount.toLocaleString('ja-JP') })}
        </span>
      ),
    },
    {
      key: 'executionDate',
      header: t('field.executionDate'),
      cell: (r) => <span className="kanri-requests-nowrap">{r.executionDate}</span>,
    },
    { key: 'status', header: t('field.status'), cell: (r) => <StatusLabel status={r.status} /> },
    {
      key: 'createdAt',
      header: t('field.createdAt'),
      cell: (r) => <span className="kanri-requests-nowrap">{formatDateTime(r.createdAt)}</span>,
    },
  ];
}

function RequestList({
  view,
  title,
  lead,
  empty,
}: {
  view: RequestListView;
  title: string;
  lead: string;
  empty: string;
}) {
  const list = useListState<RequestFilters>({ sort: 'createdAt', order: 'desc', filters: FILTERS });
  const { data, isFetching } = useRequests(view, list.state);
  return (
    <>
      <Title headingLevel="h1">{title}</Title>
      <p>{lead}</p>
      {view === 'all' && <SearchForm list={list} />}
      <DataTable<RequestView>
        label={title}
        columns={useColumns()}
        rows={data?.items}
        rowId={(r) => r.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        emptyText={empty}
      />
    </>
  );
}

/** 全取引照会's search form: 状態, 業務, 振込指定日 (from/to), 依頼者; 検索 puts them in the URL at once. */
function SearchForm({ list }: { list: ReturnType<typeof useListState<RequestFilters>> }) {
  const { t } = useTranslation('requests');
  const f = list.state.filters;
  const [status, setStatus] = useState(f.status[0] ?? '');
  const [businessType, setBusinessType] = useState(f.businessType[0] ?? '');
  const [from, setFrom] = useState(f.from[0] ?? '');
  const [to, setTo] = useState(f.to[0] ?? '');
  const [requester, setRequester] = useState(f.requester[0] ?? '');
  const one = (value: string) => (value.trim() ? [value.trim()] : []);
  const select = (
    id: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    options: [string, string][],
  ) => (
    <FormGroup label={label} fieldId={id}>
      <FormSelect id={id} value={value} onChange={(_e, v) => onChange(v)}>
        <FormSelectOption value="" label={t('all.allValues')} />
        {options.map(([v, l]) => (
          <FormSelectOption key={v} value={v} label={l} />
        ))}
      </FormSelect>
    </FormGroup>
  );
  return (
    <Form
      isHorizontal
      className="kanri-requests-search"
      onSubmit={(e) => {
        e.preventDefault();
        list.setFilters({
          status: one(status),
          businessType: one(businessType),
          from: one(from),
          to: one(to),
          requester: one(requester),
        });
      }}
    >
      {select(
        'search-status',
        t('field.status'),
        status,
        setStatus,
        REQUEST_STATUSES.map((s) => [s, t(`status.${s}`)]),
      )}
      {select(
        'search-business',
        t('field.businessType'),
        businessType,
        setBusinessType,
        BUSINESS_TYPES.map((b) => [b, t(`business.${b}`)]),
      )}
      <PlainTextField
        id="search-from"
        label={t('field.from')}
        value={from}
        onChange={setFrom}
        helper="YYYY-MM-DD"
      />
      <PlainTextField id="search-to" label={t('field.to')} value={to} onChange={setTo} helper="YYYY-MM-DD" />
      <PlainTextField
        id="search-requester"
        label={t('field.requesterLoginId')}
        value={requester}
        onChange={setRequester}
      />
      <ActionGroup>
        <Button type="submit" variant="primary">
          {t('all.search')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            for (const reset of [setStatus, setBusinessType, setFrom, setTo, setRequester]) reset('');
            list.clearAll();
          }}
        >
          {t('all.clear')}
        </Button>
      </ActionGroup>
    </Form>
  );
}

/** 承認待ち: pending requests naming me whose turn is mine. */
export function ApprovalInboxScreen() {
  const { t } = useTranslation('requests');
  return (
    <PageSection>
      <RequestList view="awaiting" title={t('inbox.title')} lead={t('inbox.lead')} empty={t('inbox.empty')} />
    </PageSection>
  );
}

/** 依頼一覧: my own requests. */
export function MyRequestsScreen() {
  const { t } = useTranslation('requests');
  return (
    <PageSection>
      <RequestList view="mine" title={t('mine.title')} lead={t('mine.lead')} empty={t('mine.empty')} />
    </PageSection>
  );
}

/** 全取引照会 (approvals.view_all): every request of the organization, with the search form. */
export function AllRequestsScreen() {
  const { t } = useTranslation('requests');
  return (
    <PageSection>
      <RequestList view="all" title={t('all.title')} lead={t('all.lead')} empty={t('all.empty')} />
    </PageSection>
  );
}
