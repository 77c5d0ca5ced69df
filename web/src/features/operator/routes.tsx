import { defineFeature } from '../../app/feature';

const operatorOnly = (p: { isSystemOperator: boolean }) => p.isSystemOperator;

/** The system operator's screens (SPEC §12 "operator"): organizations, accounts, plan limits. */
export default defineFeature({
  routes: [
    {
      path: '/operator/organizations',
      lazy: () => import('./organizations-page').then((m) => ({ Component: m.OrganizationsPage })),
    },
    {
      path: '/operator/organizations/new',
      lazy: () => import('./open-organization-page').then((m) => ({ Component: m.OpenOrganizationPage })),
    },
    {
      path: '/operator/accounts',
      lazy: () => import('./accounts-page').then((m) => ({ Component: m.AccountsPage })),
    },
  ],
  nav: [
    {
      labelKey: 'operator:nav.organizations',
      path: '/operator/organizations',
      section: 'app:nav.operator',
      visible: operatorOnly,
      order: 800,
    },
    {
      labelKey: 'operator:nav.accounts',
      path: '/operator/accounts',
      section: 'app:nav.operator',
      visible: operatorOnly,
      order: 801,
    },
  ],
});
