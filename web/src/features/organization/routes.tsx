import { defineFeature } from '../../app/feature';

/** 組織コード発行 and join, 管理責任者修正, groups and permission grants; each screen loads with its route. */
export default defineFeature({
  routes: [
    {
      path: 'organization/managers',
      lazy: async () => ({ Component: (await import('./screens/ManagersScreen')).ManagersScreen }),
    },
    {
      path: 'organization/issue',
      lazy: async () => ({ Component: (await import('./screens/IssueCodeScreen')).IssueCodeScreen }),
    },
    {
      path: 'organization/join',
      lazy: async () => ({ Component: (await import('./screens/JoinScreen')).JoinScreen }),
    },
    {
      path: 'organization/groups',
      lazy: async () => ({ Component: (await import('./screens/GroupsScreen')).GroupsScreen }),
    },
    {
      path: 'users/:userId/permissions',
      lazy: async () => ({ Component: (await import('./screens/PermissionsScreen')).PermissionsScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'organization:nav.managers',
      path: '/organization/managers',
      section: 'app:nav.organization',
      order: 10,
      visible: (p) => !!p.organization && p.isManager,
    },
    {
      labelKey: 'organization:nav.groups',
      path: '/organization/groups',
      section: 'app:nav.organization',
      order: 30,
      visible: (p) => !!p.organization,
    },
    {
      labelKey: 'organization:nav.issue',
      path: '/organization/issue',
      section: 'app:nav.account',
      order: 80,
      visible: (p) => !p.isSystemOperator,
    },
    {
      labelKey: 'organization:nav.join',
      path: '/organization/join',
      section: 'app:nav.account',
      order: 81,
      visible: (p) => !p.isSystemOperator,
    },
  ],
});
