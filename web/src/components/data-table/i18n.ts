import i18next from 'i18next';

/** Words of the data table (namespace `table`). */
export const ja = {
  items: '件',
  perPageSuffix: '件ずつ表示',
  firstPage: '最初のページ',
  previousPage: '前のページ',
  nextPage: '次のページ',
  lastPage: '最後のページ',
  currentPage: '現在のページ',
  pagination: 'ページ切替',
  perPage: '表示件数',
  of: '/',
  search: '検索',
  selectAll: 'すべて選択',
  actions: '操作',
  loading: '読み込み中',
  empty: '該当するデータがありません',
  emptyHint: '検索条件を変えてお試しください。',
};

export const en: typeof ja = {
  items: 'items',
  perPageSuffix: 'per page',
  firstPage: 'First page',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  lastPage: 'Last page',
  currentPage: 'Current page',
  pagination: 'pagination',
  perPage: 'Items per page',
  of: 'of',
  search: 'Search',
  selectAll: 'Select all',
  actions: 'Actions',
  loading: 'Loading',
  empty: 'Nothing matches',
  emptyHint: 'Try other search conditions.',
};

/**
 * Shared components are not features, so the catalogue's glob (each feature folder's i18n.ts) does not see them: their
 * namespace joins i18next when the component is first imported.
 */
function register() {
  i18next.addResourceBundle('ja', 'table', ja, true, false);
  i18next.addResourceBundle('en', 'table', en, true, false);
}
if (i18next.isInitialized) register();
else i18next.on('initialized', register);
