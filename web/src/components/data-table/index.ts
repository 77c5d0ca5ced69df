export { DataTable, type Column, type DataTableProps, type Selection } from './DataTable';
export {
  listQuery,
  PER_PAGE_OPTIONS,
  readListState,
  useListState,
  type ListDefaults,
  type ListState,
  type ListStateApi,
  type PerPage,
  type SortOrder,
} from './useListState';
export { APP_TIMEZONE, formatDateTime, todayInAppZone } from './format';
