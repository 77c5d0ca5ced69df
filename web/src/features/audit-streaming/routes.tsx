import { defineFeature } from '../../app/feature';

/** 監査ログ転送設定: where the organization's audit trail is streamed, and whether delivery is failing. */
export default defineFeature({
  routes: [
    {
      path: 'audit-streaming',
      lazy: async () => ({
        Component: (await import('./screens/AuditStreamingScreen')).AuditStreamingScreen,
      }),
    },
  ],
  nav: [
    {
      labelKey: 'audit-streaming:nav.streams',
      path: '/audit-streaming',
      section: 'app:nav.audit',
      order: 55,
      visible: (p) =>
        !!p.organization &&
        (p.isManager || (p.permissions.includes('audit.read') && p.permissions.includes('company.manage'))),
    },
  ],
});
