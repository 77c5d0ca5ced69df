import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

const managesFees = (p: Principal) =>
  !!p.organization && (p.isManager || p.permissions.includes('fees.manage'));

/** The bank administrator's screens (manual 001): 手数料情報 (three tables) and 手数料照会. */
export default defineFeature({
  routes: [
    {
      path: 'bank/fees',
      lazy: async () => ({ Component: (await import('./screens/FeeTablesScreen')).FeeTablesScreen }),
    },
    {
      path: 'bank/fee-quote',
      lazy: async () => ({ Component: (await import('./screens/FeeQuoteScreen')).FeeQuoteScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'bank:nav.fees',
      path: '/bank/fees',
      section: 'bank:nav.section',
      order: 40,
      visible: managesFees,
    },
    {
      labelKey: 'bank:nav.quote',
      path: '/bank/fee-quote',
      section: 'bank:nav.section',
      order: 41,
      visible: (p) => !!p.organization,
    },
  ],
});
