import { useCallback, useMemo, useState } from 'react';
import {
  Button,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  MenuToggle,
  PageSection,
  Select,
  SelectList,
  SelectOption,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  ToolbarItem,
} from '@patternfly/react-core';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable, formatDateTime, useListState } from '../../../components/data-table';
import { BulkConfirmDialog } from '../../../components/confirm-step';
import { useAuth } from '../../../app/auth';
import {
  useBulkAction,
  useExportUsers,
  useGroups,
  USER_LIST_DEFAULTS,
  useSingleMember,
  useUserList,
} from '../api';
import { type BulkAction, USER_STATUSES, type UserListItem } from '../types';
import { StatusLabels } from '../components/StatusLabels';
import '../members.css';

/**
 * ユーザー一覧 (manual 003 4.1): 25/50/100 a page, keyword search, filters on group, attribute and status, sortable
 * headers, select-all and the bulk actions 一括削除・無効化・有効化, import and export of the filtered rows.
 */
export function UserListScreen() {
  const { t } = useTranslation('members');
  const { principal } = useAuth();
  const navigate = useNavigate();
  const list = useListState(USER_LIST_DEFAULTS);
  const { data, isFetching } = useUserList(list.state);
  const single = useSingleMember(list.state, data?.total) ?? false;
  const groups = useGroups();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // The rows behind the checked ids, so that the bulk buttons can judge them on any page.
  const [selectedRows, setSelectedRows] = useState<Map<string, UserListItem>>(new Map());
  const [bulk, setBulk] = useState<BulkAction>();
  const [groupOpen, setGroupOpen] = useState(false);
  const [attribute, setAttribute] = useState('');
  const [encoding, setEncoding] = useState<'utf8' | 'sjis'>('utf8');
  const runBulk = useBulkAction();
  const exporter = useExportUsers();

  const selfId = principal?.user.id;

  const onSelection = (next: Set<string>) => {
    const rows = new Map(selectedRows);
    for (const r of data?.items ?? []) if (next.has(r.id)) rows.set(r.id, r);
    for (const id of rows.keys()) if (!next.has(id)) rows.delete(id);
    setSelected(next);
    setSelectedRows(rows);
  };
  const chosen = [...selectedRows.values()];
  const canDisable = chosen.length > 0 && chosen.every((u) => !u.status.disabled);
  const canEnable = chosen.length > 0 && chosen.every((u) => u.status.disabled);

  const columns: Column<UserListItem>[] = useMemo(
    () => [
      {
        key: 'loginId',
        header: t('col.loginId'),
        sortKey: 'loginId',
        cell: (u) => <Link to={`/users/${u.id}`}>{u.loginId}</Link>,
      },
      { key: 'familyName', header: t('col.familyName'), sortKey: 'familyName', cell: (u) => u.familyName },
      { key: 'givenName', header: t('col.givenName'), sortKey: 'givenName', cell: (u) => u.givenName },
      { key: 'role', header: t('col.role'), sortKey: 'role', cell: (u) => u.role },
      { key: 'group', header: t('col.group'), sortKey: 'group', cell: (u) => u.group?.name ?? '' },
      {
        key: 'attribute',
        header: t('col.attributes'),
        sortKey: 'attribute',
        cell: (u) =>
          u.attributes.length ? (
            <LabelGroup numLabels={3}>
              {u.attributes.map((a) => (
                <Label key={a} isCompact>
                  {a}
                </Label>
              ))}
            </LabelGroup>
          ) : null,
      },
      { key: 'status', header: t('col.status'), cell: (u) => <StatusLabels status={u.status} /> },
      {
        key: 'lastLoginAt',
        header: t('col.lastLoginAt'),
        sortKey: 'lastLoginAt',
        cell: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : ''),
      },
    ],
    [t],
  );

  // Stable, so that the table's rows are not rendered again on every change of the screen's state.
  const rowActions = useCallback(
    (u: UserListItem) => (
      <>
        <Button variant="link" isInline onClick={() => void navigate(`/users/${u.id}`)}>
          {t('action.detail')}
          <span className="pf-v6-screen-reader"> {u.loginId}</span>
        </Button>{' '}
        <Button variant="link" isInline onClick={() => void navigate(`/users/${u.id}/edit`)}>
          {t('action.edit')}
          <span className="pf-v6-screen-reader"> {u.loginId}</span>
        </Button>
      </>
    ),
    [t, navigate],
  );

  const statuses = list.state.filters.status;
  const groupIds = list.state.filters.groupIds;
  const toggleIn = (values: string[], v: string) =>
    values.includes(v) ? values.filter((x) => x !== v) : [...values, v];

  const filters = (
    <>
      <ToolbarItem>
        <ToggleGroup aria-label={t('filter.status')}>
          {USER_STATUSES.map((s) => (
            <ToggleGroupItem
              key={s}
              text={t(`status.${s}`)}
              buttonId={`status-${s}`}
              isSelected={statuses.includes(s)}
              onChange={() => list.setFilter('status', toggleIn(statuses, s))}
            />
          ))}
        </ToggleGroup>
      </ToolbarItem>
      <ToolbarItem>
        <Select
          role="menu"
          isOpen={groupOpen}
          onOpenChange={setGroupOpen}
          onSelect={(_e, v) => list.setFilter('groupIds', toggleIn(groupIds, String(v)))}
          selected={groupIds}
          toggle={(ref) => (
            <MenuToggle ref={ref} onClick={() => setGroupOpen((o) => !o)} isExpanded={groupOpen}>
              {t('filter.group')}
              {groupIds.length ? `（${groupIds.length}）` : ''}
            </MenuToggle>
          )}
        >
          <SelectList aria-label={t('filter.group')}>
            {(groups.data ?? []).map((g) => (
              <SelectOption key={g.id} value={g.id} hasCheckbox isSelected={groupIds.includes(g.id)}>
                {g.name}
              </SelectOption>
            ))}
          </SelectList>
        </Select>
      </ToolbarItem>
      <ToolbarItem>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const a = attribute.trim();
            if (a && !list.state.filters.attributes.includes(a))
              list.setFilter('attributes', [...list.state.filters.attributes, a]);
            setAttribute('');
          }}
        >
          <TextInput
            aria-label={t('filter.attribute')}
            placeholder={t('filter.attribute')}
            value={attribute}
            onChange={(_e, v) => setAttribute(v)}
          />
        </form>
      </ToolbarItem>
      {list.state.filters.attributes.length > 0 && (
        <ToolbarItem>
          <LabelGroup categoryName={t('filter.attribute')}>
            {list.state.filters.attributes.map((a) => (
              <Label
                key={a}
                onClose={() =>
                  list.setFilter(
                    'attributes',
                    list.state.filters.attributes.filter((x) => x !== a),
                  )
                }
                closeBtnAriaLabel={t('filter.removeAttribute', { attribute: a })}
              >
                {a}
              </Label>
            ))}
          </LabelGroup>
        </ToolbarItem>
      )}
    </>
  );

  const exportFiltered = () =>
    exporter.mutate({
      q: list.state.q,
      status: statuses,
      groupIds,
      attributes: list.state.filters.attributes,
      encoding,
    });

  const actions = (
    <>
      <ToolbarItem>
        <Button variant="primary" onClick={() => void navigate('/users/new')}>
          {t('action.create')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="danger" isDisabled={!chosen.length} onClick={() => setBulk('delete')}>
          {t('action.bulkDelete')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" isDisabled={!canDisable} onClick={() => setBulk('disable')}>
          {t('action.bulkDisable')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" isDisabled={!canEnable} onClick={() => setBulk('enable')}>
          {t('action.bulkEnable')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" onClick={() => void navigate('/users/import')}>
          {t('action.import')}
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          className="kanri-encoding"
          aria-label={t('export.encoding')}
          value={encoding}
          onChange={(_e, v) => setEncoding(v as 'utf8' | 'sjis')}
        >
          <FormSelectOption value="utf8" label={t('export.utf8')} />
          <FormSelectOption value="sjis" label={t('export.sjis')} />
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="secondary" onClick={exportFiltered} isLoading={exporter.isPending}>
          {t('action.export')}
        </Button>
      </ToolbarItem>
    </>
  );

  return (
    <PageSection>
      <Title headingLevel="h1">{t('list.title')}</Title>
      <DataTable<UserListItem>
        label={t('list.title')}
        columns={columns}
        rows={data?.items}
        rowId={(u) => u.id}
        total={data?.total}
        list={list}
        loading={isFetching}
        searchPlaceholder={t('list.searchPlaceholder')}
        filters={filters}
        actions={actions}
        selection={
          single
            ? undefined
            : {
                selected,
                onChange: onSelection,
                canSelect: (u) => u.id !== selfId,
                rowLabel: (u) => t('list.selectRow', { loginId: u.loginId }),
              }
        }
        rowActions={rowActions}
      />
      {bulk && (
        <BulkConfirmDialog
          title={t(`bulk.${bulk}.title`)}
          message={t(`bulk.${bulk}.message`, { count: chosen.length })}
          danger={bulk === 'delete'}
          confirmationPassword
          onClose={() => setBulk(undefined)}
          onConfirm={async (confirmation) => {
            await runBulk.mutateAsync({ action: bulk, userIds: chosen.map((u) => u.id), ...confirmation });
            setSelected(new Set());
            setSelectedRows(new Map());
          }}
        />
      )}
    </PageSection>
  );
}
