import { defineFeature } from '../../app/feature';

/** 操作履歴検索・出力 (holders of audit.read; managers always) and the chain check. */
export default defineFeature({
  routes: [
    { path: 'audit', lazy: async () => ({ Component: (await import('./screens/AuditScreen')).AuditScreen }) },
  ],
  nav: [
    {
      labelKey: 'audit:nav.search',
      path: '/audit',
      section: 'app:nav.audit',
      order: 50,
      visible: (p) =>
        (!!p.organization && (p.isManager || p.permissions.includes('audit.read'))) || p.isSystemOperator,
    },
  ],
});
