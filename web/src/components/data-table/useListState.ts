import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PER_PAGE_OPTIONS = [25, 50, 100] as const;
export type PerPage = (typeof PER_PAGE_OPTIONS)[number];
export type SortOrder = 'asc' | 'desc';

/** What a list shows: page, page size, sort, keyword and filters. Lives in the URL, so reload and back keep it. */
export interface ListState<F extends string = string> {
  page: number;
  perPage: PerPage;
  sort: string;
  order: SortOrder;
  q: string;
  /** Multi-valued filters (`?status=locked&status=disabled`), by name. */
  filters: Record<F, string[]>;
}

export interface ListDefaults<F extends string> {
  sort: string;
  order?: SortOrder;
  /** Filter names this list reads from the URL. */
  filters?: readonly F[];
  /** Prefix of the URL keys, when one screen has two lists. */
  prefix?: string;
}

export interface ListStateApi<F extends string> {
  state: ListState<F>;
  setPage(page: number): void;
  setPerPage(perPage: PerPage): void;
  /** A click on a sortable header: the same column flips the order, another one sorts ascending. */
  toggleSort(sort: string): void;
  setSearch(q: string): void;
  setFilter(name: F, values: string[]): void;
  /** Several filters in one URL change (a search form's 検索 button). */
  setFilters(values: Partial<Record<F, string[]>>): void;
  clearAll(): void;
}

function toPerPage(value: string | null): PerPage {
  const n = Number(value);
  return (PER_PAGE_OPTIONS as readonly number[]).includes(n) ? (n as PerPage) : 25;
}

/**
 * The list state that `params` describe, exactly as useListState reads it: a route can start a list's query from
 * its URL before the screen renders (the query key is then the one the screen asks for).
 */
export function readListState<F extends string>(
  params: URLSearchParams,
  defaults: ListDefaults<F>,
): ListState<F> {
  const key = (name: string) => `${defaults.prefix ?? ''}${name}`;
  const page = Math.max(1, Math.floor(Number(params.get(key('page'))) || 1));
  const order = params.get(key('order'));
  const filters = {} as Record<F, string[]>;
  for (const f of defaults.filters ?? []) filters[f] = params.getAll(key(f)).filter(Boolean);
  return {
    page,
    perPage: toPerPage(params.get(key('perPage'))),
    sort: params.get(key('sort')) ?? defaults.sort,
    order: order === 'asc' || order === 'desc' ? order : (defaults.order ?? 'asc'),
    q: params.get(key('q')) ?? '',
    filters,
  };
}

/**
 * The list state of a data table, read from and written to the URL's search parameters. Changing the keyword, a
 * filter or the page size goes back to page 1. Defaults are left out of the URL, so a fresh list has a clean one.
 */
export function useListState<F extends string = never>(defaults: ListDefaults<F>): ListStateApi<F> {
  const [params, setParams] = useSearchParams();
  const prefix = defaults.prefix ?? '';
  const key = useCallback((name: string) => `${prefix}${name}`, [prefix]);
  const filterNames = defaults.filters;
  const defaultOrder = defaults.order ?? 'asc';

  const state = useMemo<ListState<F>>(
    () => readListState(params, { sort: defaults.sort, order: defaultOrder, filters: filterNames, prefix }),
    [params, prefix, filterNames, defaults.sort, defaultOrder],
  );

  const update = useCallback(
    (change: (next: URLSearchParams) => void, resetPage: boolean) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          if (resetPage) next.delete(key('page'));
          return next;
        },
        { replace: false },
      );
    },
    [setParams, key],
  );

  const setOrDelete = useCallback(
    (next: URLSearchParams, name: string, value: string | undefined) => {
      if (value === undefined || value === '') next.delete(key(name));
      else next.set(key(name), value);
    },
    [key],
  );

  return {
    state,
    setPage: (page) => update((n) => setOrDelete(n, 'page', page > 1 ? String(page) : undefined), false),
    setPerPage: (perPage) =>
      update((n) => setOrDelete(n, 'perPage', perPage === 25 ? undefined : String(perPage)), true),
    toggleSort: (sort) =>
      update((n) => {
        const order: SortOrder = state.sort === sort && state.order === 'asc' ? 'desc' : 'asc';
        setOrDelete(n, 'sort', sort === defaults.sort ? undefined : sort);
        setOrDelete(n, 'order', order === defaultOrder ? undefined : order);
      }, true),
    setSearch: (q) => update((n) => setOrDelete(n, 'q', q.trim() || undefined), true),
    setFilter: (name, values) =>
      update((n) => {
        n.delete(key(name));
        for (const v of values) n.append(key(name), v);
      }, true),
    setFilters: (values) =>
      update((n) => {
        for (const [name, list] of Object.entries(values) as [string, string[]][]) {
          n.delete(key(name));
          for (const v of list) n.append(key(name), v);
        }
      }, true),
    clearAll: () =>
      update((n) => {
        for (const name of ['q', 'page', ...(filterNames ?? [])]) n.delete(key(name));
      }, true),
  };
}

/** The list state as API query parameters (`page, perPage, sort, order, q` and the filters). */
export function listQuery<F extends string>(state: ListState<F>): Record<string, unknown> {
  const query: Record<string, unknown> = {
    page: state.page,
    perPage: state.perPage,
    sort: state.sort,
    order: state.order,
  };
  if (state.q) query.q = state.q;
  for (const [name, values] of Object.entries(state.filters) as [string, string[]][]) {
    if (values.length) query[name] = values;
  }
  return query;
}
