import { defineFeature } from '../../app/feature';

/** アカウント情報更新 (manual 000): the signed-in user's own account. */
export default defineFeature({
  routes: [
    {
      path: 'account',
      lazy: async () => ({ Component: (await import('./screens/AccountScreen')).AccountScreen }),
    },
  ],
  nav: [{ labelKey: 'account:nav.account', path: '/account', section: 'app:nav.account', order: 70 }],
});
