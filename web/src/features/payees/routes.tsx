import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

/** Who may open the register: anyone who keeps payees or may request (they pick payees from it). */
const readsRegister = (p: Principal) =>
  !!p.organization &&
  (p.isManager ||
    p.permissions.some(
      (x) => x === 'payees.manage' || x === 'company.manage' || x.startsWith('approvals.request.'),
    ));

/** 振込先管理 (payees of 総合振込・給与・賞与振込) and 請求先管理 (payers of 口座振替), manual 001. */
export default defineFeature({
  routes: [
    {
      path: 'payees/:kind',
      lazy: async () => ({ Component: (await import('./screens/PayeeListScreen')).PayeeListScreen }),
    },
    {
      path: 'payees/:kind/new',
      lazy: async () => {
        const { PayeeFormScreen } = await import('./screens/PayeeFormScreen');
        return { Component: () => <PayeeFormScreen mode="create" /> };
      },
    },
    {
      path: 'payees/:kind/import',
      lazy: async () => ({ Component: (await import('./screens/PayeeImportScreen')).PayeeImportScreen }),
    },
    {
      path: 'payees/:kind/:payeeId/edit',
      lazy: async () => {
        const { PayeeFormScreen } = await import('./screens/PayeeFormScreen');
        return { Component: () => <PayeeFormScreen mode="edit" /> };
      },
    },
    {
      path: 'payees/:kind/:payeeId/delete',
      lazy: async () => ({ Component: (await import('./screens/PayeeDeleteScreen')).PayeeDeleteScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'payees:nav.transfer',
      path: '/payees/transfer',
      section: 'bank:nav.section',
      order: 30,
      visible: readsRegister,
    },
    {
      labelKey: 'payees:nav.debit',
      path: '/payees/debit',
      section: 'bank:nav.section',
      order: 31,
      visible: readsRegister,
    },
  ],
});
