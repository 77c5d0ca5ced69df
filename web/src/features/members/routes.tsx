import { defineFeature } from '../../app/feature';
import { queryClient } from '../../app/providers';

const orgMember = (p: { organization: unknown }) => !!p.organization;

/** ユーザー一覧 and the screens it opens; each screen loads with its route. */
export default defineFeature({
  routes: [
    {
      path: 'users',
      // The page's rows are asked for while the screen's code loads, not after its first render.
      loader: ({ request }) => {
        void import('./api').then(({ prefetchUserList }) =>
          prefetchUserList(queryClient, new URL(request.url)),
        );
        return null;
      },
      lazy: async () => ({ Component: (await import('./screens/UserListScreen')).UserListScreen }),
    },
    {
      path: 'users/new',
      lazy: async () => {
        const { UserFormScreen } = await import('./screens/UserFormScreen');
        return { Component: () => <UserFormScreen mode="create" /> };
      },
    },
    {
      path: 'users/import',
      lazy: async () => ({ Component: (await import('./screens/ImportScreen')).ImportScreen }),
    },
    {
      path: 'users/usage-stop-dates',
      lazy: async () => ({ Component: (await import('./screens/UsageStopScreen')).UsageStopScreen }),
    },
    {
      path: 'users/usage-stop-dates/:userId',
      lazy: async () => ({
        Component: (await import('./screens/UsageStopScreen')).UsageStopSettingScreen,
      }),
    },
    {
      path: 'users/:userId',
      lazy: async () => ({ Component: (await import('./screens/UserDetailScreen')).UserDetailScreen }),
    },
    {
      path: 'users/:userId/edit',
      lazy: async () => {
        const { UserFormScreen } = await import('./screens/UserFormScreen');
        return { Component: () => <UserFormScreen mode="edit" /> };
      },
    },
  ],
  nav: [
    {
      labelKey: 'members:nav.list',
      path: '/users',
      section: 'app:nav.organization',
      order: 20,
      visible: (p) => orgMember(p) && (p.isManager || p.permissions.includes('users.manage')),
    },
    {
      labelKey: 'members:nav.usageStop',
      path: '/users/usage-stop-dates',
      section: 'app:nav.organization',
      order: 40,
      visible: (p) => orgMember(p) && p.isManager,
    },
  ],
});
