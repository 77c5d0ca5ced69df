import { defineFeature } from '../../app/feature';

/** パスキー管理 (SPEC §17): the signed-in user's own passkeys. */
export default defineFeature({
  routes: [
    {
      path: '/account/passkeys',
      lazy: () => import('./screens/PasskeysScreen').then((m) => ({ Component: m.PasskeysScreen })),
    },
  ],
  nav: [
    { labelKey: 'passkeys:nav.passkeys', path: '/account/passkeys', section: 'app:nav.account', order: 904 },
  ],
});
