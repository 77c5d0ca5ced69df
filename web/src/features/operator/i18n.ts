import type { Catalogue } from '../../i18n';

export default {
  ja: { nav: { organizations: '組織一覧', accounts: 'アカウント管理' } },
  en: { nav: { organizations: 'Organizations', accounts: 'Accounts' } },
} satisfies Catalogue;
