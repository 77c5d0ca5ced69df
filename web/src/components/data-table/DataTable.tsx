import { memo, type ReactNode, useCallback, useId, useLayoutEffect, useRef, useState } from 'react';
import './i18n';
import './data-table.css';
import {
  Bullseye,
  EmptyState,
  EmptyStateBody,
  Pagination,
  PaginationVariant,
  SearchInput,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import tableStyles from '@patternfly/react-styles/css/components/Table/table';
import { useTranslation } from 'react-i18next';
import { PER_PAGE_OPTIONS, type ListStateApi, type PerPage } from './useListState';

export interface Column<T> {
  /** Stable key of the column. */
  key: string;
  header: string;
  /** The API's sort name when the header sorts the list. */
  sortKey?: string;
  cell: (row: T) => ReactNode;
  /** PatternFly column width (percent). */
  width?: 10 | 15 | 20 | 25 | 30 | 35 | 40 | 45 | 50 | 60 | 70 | 80 | 90 | 100;
}

export interface Selection<T> {
  /** The ids checked, kept by the screen (usually a useState<Set<string>>). */
  selected: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  /** Rows without a checkbox (the caller's own row, say). */
  canSelect?(row: T): boolean;
  /** Accessible name of a row's checkbox, e.g. "user01 を選択". */
  rowLabel(row: T): string;
}

export interface DataTableProps<T> {
  /** Accessible name of the table (the screen's name). */
  label: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowId(row: T): string;
  total: number | undefined;
  list: ListStateApi<string>;
  loading?: boolean;
  /** Shown when the list is empty. */
  emptyText?: string;
  /** Check boxes and select-all; leave out (or pass undefined) to show none, e.g. for a single-user organization. */
  selection?: Selection<T>;
  /** The keyword search box; leave out for a list without one. */
  searchPlaceholder?: string;
  /** Filter controls (toggle groups, selects) in the toolbar, left of the pagination. */
  filters?: ReactNode;
  /** Buttons above the table (bulk actions, create, import, export). */
  actions?: ReactNode;
  /** Per-row buttons in a last column. */
  rowActions?: (row: T) => ReactNode;
  rowActionsHeader?: string;
}

/**
 * The one data table of the console: server-side paging (25/50/100), sortable headers, keyword search and
 * filters, selection with select-all; all of it held in the URL by useListState so reload and back keep the list.
 * Only the current page is ever in the browser.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation('table');
  const { list, columns, rows, selection } = props;
  const { state } = list;
  const [search, setSearch] = useState(state.q);
  const [lastQ, setLastQ] = useState(state.q);
  if (lastQ !== state.q) {
    // The URL changed (back, reload, clear): the box follows it.
    setLastQ(state.q);
    setSearch(state.q);
  }
  const captionId = useId();

  const selectable = rows && selection ? rows.filter((r) => selection.canSelect?.(r) ?? true) : [];
  const selectedOnPage = selection ? selectable.filter((r) => selection.selected.has(props.rowId(r))) : [];
  const allSelected = selectable.length > 0 && selectedOnPage.length === selectable.length;

  const toggleAll = (checked: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    for (const r of selectable) {
      if (checked) next.add(props.rowId(r));
      else next.delete(props.rowId(r));
    }
    selection.onChange(next);
  };
  const toggleOne = (row: T, checked: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (checked) next.add(props.rowId(row));
    else next.delete(props.rowId(row));
    selection.onChange(next);
  };
  // One callback for every row for the table's lifetime (reading the latest selection), so that a row whose data
  // and check box did not change is not rendered again when the page, a check box or the URL changes.
  const toggleRef = useRef(toggleOne);
  useLayoutEffect(() => {
    toggleRef.current = toggleOne;
  });
  const onToggle = useCallback((row: T, checked: boolean) => toggleRef.current(row, checked), []);

  const sortIndex = columns.findIndex((c) => c.sortKey === state.sort);
  const pagination = (variant: PaginationVariant) => (
    <Pagination
      itemCount={props.total ?? 0}
      page={state.page}
      perPage={state.perPage}
      perPageOptions={PER_PAGE_OPTIONS.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_e, page) => list.setPage(page)}
      onPerPageSelect={(_e, perPage) => list.setPerPage(perPage as PerPage)}
      variant={variant}
      isCompact={variant === PaginationVariant.bottom}
      titles={{
        items: t('items'),
        perPageSuffix: t('perPageSuffix'),
        toFirstPageAriaLabel: t('firstPage'),
        toPreviousPageAriaLabel: t('previousPage'),
        toNextPageAriaLabel: t('nextPage'),
        toLastPageAriaLabel: t('lastPage'),
        currPageAriaLabel: t('currentPage'),
        paginationAriaLabel: `${props.label} ${t('pagination')}`,
        optionsToggleAriaLabel: t('perPage'),
        ofWord: t('of'),
      }}
      widgetId={`${captionId}-pagination`}
    />
  );

  return (
    <>
      <Toolbar className="kanri-data-table-toolbar">
        <ToolbarContent>
          {props.searchPlaceholder !== undefined && (
            <ToolbarItem>
              <form
                role="search"
                onSubmit={(e) => {
                  e.preventDefault();
                  list.setSearch(search);
                }}
              >
                <SearchInput
                  aria-label={t('search')}
                  placeholder={props.searchPlaceholder}
                  value={search}
                  onChange={(_e, v) => setSearch(v)}
                  onSearch={(_e, v) => list.setSearch(v)}
                  onClear={() => {
                    setSearch('');
                    list.setSearch('');
                  }}
                />
              </form>
            </ToolbarItem>
          )}
          {props.filters && <ToolbarGroup variant="filter-group">{props.filters}</ToolbarGroup>}
          {props.actions && <ToolbarGroup variant="action-group">{props.actions}</ToolbarGroup>}
          <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
            {pagination(PaginationVariant.top)}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {/* A box that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1; axe scrollable-region-focusable). */}
      <div className="kanri-data-table-scroll" tabIndex={0} role="region" aria-label={props.label}>
        <Table aria-label={props.label} variant="compact" isStriped>
          <Thead>
            <Tr>
              {selection && (
                <Th className={tableStyles.tableCheck} aria-label={t('selectAll')}>
                  <input
                    type="checkbox"
                    aria-label={t('selectAll')}
                    checked={allSelected}
                    disabled={selectable.length === 0}
                    onChange={(e) => toggleAll(e.currentTarget.checked)}
                  />
                </Th>
              )}
              {columns.map((c, i) => (
                <Th
                  key={c.key}
                  width={c.width}
                  modifier="nowrap"
                  sort={
                    c.sortKey
                      ? {
                          columnIndex: i,
                          sortBy: {
                            index: sortIndex >= 0 ? sortIndex : undefined,
                            direction: state.order,
                            defaultDirection: 'asc',
                          },
                          onSort: () => list.toggleSort(c.sortKey!),
                        }
                      : undefined
                  }
                >
                  {c.header}
                </Th>
              ))}
              {props.rowActions && <Th screenReaderText={props.rowActionsHeader ?? t('actions')} />}
            </Tr>
          </Thead>
          <Tbody aria-busy={props.loading ? true : undefined}>
            {rows?.map((row) => {
              const id = props.rowId(row);
              const canSelect = selection ? (selection.canSelect?.(row) ?? true) : false;
              return (
                <DataRow<T>
                  key={id}
                  row={row}
                  columns={columns}
                  check={
                    !selection
                      ? undefined
                      : canSelect
                        ? { checked: selection.selected.has(id), label: selection.rowLabel(row) }
                        : null
                  }
                  onToggle={onToggle}
                  rowActions={props.rowActions}
                />
              );
            })}
          </Tbody>
        </Table>
      </div>
      {props.loading && !rows && (
        <Bullseye>
          <Spinner aria-label={t('loading')} />
        </Bullseye>
      )}
      {rows && rows.length === 0 && (
        <EmptyState titleText={props.emptyText ?? t('empty')} headingLevel="h2">
          <EmptyStateBody>{t('emptyHint')}</EmptyStateBody>
        </EmptyState>
      )}
      {pagination(PaginationVariant.bottom)}
    </>
  );
}

interface DataRowProps<T> {
  row: T;
  columns: Column<T>[];
  /** undefined: no selection column; null: the column without a check box for this row. */
  check: { checked: boolean; label: string } | null | undefined;
  onToggle(row: T, checked: boolean): void;
  rowActions?: (row: T) => ReactNode;
}

function DataRowView<T>({ row, columns, check, onToggle, rowActions }: DataRowProps<T>) {
  return (
    <Tr>
      {check !== undefined && (
        <Td className={tableStyles.tableCheck}>
          {check && (
            <input
              type="checkbox"
              aria-label={check.label}
              checked={check.checked}
              onChange={(e) => onToggle(row, e.currentTarget.checked)}
            />
          )}
        </Td>
      )}
      {columns.map((c) => (
        <Td key={c.key} dataLabel={c.header}>
          {c.cell(row)}
        </Td>
      ))}
      {rowActions && (
        <Td isActionCell modifier="nowrap">
          {rowActions(row)}
        </Td>
      )}
    </Tr>
  );
}

/** A row renders again only when its data, its check box, the columns or the row actions change. */
const DataRow = memo(
  DataRowView,
  (a, b) =>
    a.row === b.row &&
    a.columns === b.columns &&
    a.onToggle === b.onToggle &&
    a.rowActions === b.rowActions &&
    a.check?.checked === b.check?.checked &&
    a.check?.label === b.check?.label &&
    (a.check === undefined) === (b.check === undefined) &&
    (a.check === null) === (b.check === null),
) as <T>(props: DataRowProps<T>) => ReactNode;
