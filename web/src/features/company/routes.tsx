import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

const managesCompany = (p: Principal) =>
  !!p.organization && (p.isManager || p.permissions.includes('company.manage'));
const managesUsers = (p: Principal) =>
  !!p.organization && (p.isManager || p.permissions.includes('users.manage'));

/**
 * 企業管理 (manual 001): 企業情報変更, 口座 (register, change, delete), 依頼者設定 (usable accounts and per-transaction
 * limits of each member), and the system operator's 基準手数料.
 */
export default defineFeature({
  routes: [
    {
      path: 'company/settings',
      lazy: async () => ({
        Component: (await import('./screens/CompanySettingsScreen')).CompanySettingsScreen,
      }),
    },
    {
      path: 'company/accounts',
      lazy: async () => ({ Component: (await import('./screens/AccountsScreen')).AccountsScreen }),
    },
    {
      path: 'company/accounts/new',
      lazy: async () => ({ Component: (await import('./screens/AccountsScreen')).AccountFormScreen }),
    },
    {
      path: 'company/accounts/:accountId/edit',
      lazy: async () => ({ Component: (await import('./screens/AccountsScreen')).AccountFormScreen }),
    },
    {
      path: 'company/accounts/:accountId/delete',
      lazy: async () => ({ Component: (await import('./screens/AccountsScreen')).AccountDeleteScreen }),
    },
    {
      path: 'company/requesters',
      lazy: async () => ({
        Component: (await import('./screens/RequesterSettingsScreen')).RequesterSettingsScreen,
      }),
    },
    {
      path: 'operator/standard-fees',
      lazy: async () => ({ Component: (await import('./screens/StandardFeesScreen')).StandardFeesScreen }),
    },
    {
      path: 'operator/standard-fees/new',
      lazy: async () => ({
        Component: (await import('./screens/StandardFeesScreen')).StandardFeeRegisterScreen,
      }),
    },
  ],
  nav: [
    {
      labelKey: 'company:nav.settings',
      path: '/company/settings',
      section: 'company:nav.section',
      order: 30,
      visible: managesCompany,
    },
    {
      labelKey: 'company:nav.accounts',
      path: '/company/accounts',
      section: 'company:nav.section',
      order: 31,
      visible: managesCompany,
    },
    {
      labelKey: 'company:nav.requesters',
      path: '/company/requesters',
      section: 'company:nav.section',
      order: 32,
      visible: managesUsers,
    },
    {
      labelKey: 'company:nav.standardFees',
      path: '/operator/standard-fees',
      section: 'app:nav.operator',
      order: 810,
      visible: (p) => p.isSystemOperator,
    },
  ],
});
