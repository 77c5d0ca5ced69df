import { defineFeature } from '../../app/feature';

/**
 * SCIM連携設定 (SPEC §17): the organization's SCIM tokens for its identity provider, with the SCIM base URL to give
 * it; issuing (the token shown once on 完了) and revoking both ask for the 確認用パスワード. Managers only, as the
 * API's @ManagerOnly rule (operators act on no organization of their own here).
 */
export default defineFeature({
  routes: [
    {
      path: 'organization/scim-tokens',
      lazy: async () => ({ Component: (await import('./screens/ScimTokensScreen')).ScimTokensScreen }),
    },
    {
      path: 'organization/scim-tokens/new',
      lazy: async () => ({
        Component: (await import('./screens/IssueScimTokenScreen')).IssueScimTokenScreen,
      }),
    },
  ],
  nav: [
    {
      labelKey: 'scim-tokens:nav.tokens',
      path: '/organization/scim-tokens',
      section: 'app:nav.organization',
      order: 45,
      visible: (p) => !!p.organization && p.isManager,
    },
  ],
});
