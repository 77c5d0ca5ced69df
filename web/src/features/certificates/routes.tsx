import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

const handlesCertificates = (p: Principal) =>
  !!p.organization &&
  (p.isManager ||
    p.permissions.includes('certificates.manage') ||
    p.permissions.includes('certificates.request'));
const managesCertificates = (p: Principal) =>
  !!p.organization && (p.isManager || p.permissions.includes('certificates.manage'));

/**
 * 証明書管理 (manual 002): the list, issuing from a CSR, one certificate's files, renewal and revocation, domains;
 * and a member's client certificates with 電子証明書失効 (manual 001), opened from ユーザー詳細.
 */
export default defineFeature({
  routes: [
    {
      path: 'certificates/list',
      lazy: async () => ({
        Component: (await import('./screens/CertificateListScreen')).CertificateListScreen,
      }),
    },
    {
      path: 'certificates/issue',
      lazy: async () => ({
        Component: (await import('./screens/IssueCertificateScreen')).IssueCertificateScreen,
      }),
    },
    {
      path: 'certificates/list/:certificateId',
      lazy: async () => ({
        Component: (await import('./screens/CertificateDetailScreen')).CertificateDetailScreen,
      }),
    },
    {
      path: 'certificates/domains',
      lazy: async () => ({ Component: (await import('./screens/DomainsScreen')).DomainsScreen }),
    },
    {
      // A member's certificates hang under the member, as 権限設定 does (users/:userId/permissions).
      path: 'users/:userId/client-certificates',
      lazy: async () => ({
        Component: (await import('./screens/ClientCertificatesScreen')).ClientCertificatesScreen,
      }),
    },
    {
      path: 'users/:userId/client-certificates/revoke',
      lazy: async () => ({
        Component: (await import('./screens/RevokeClientCertificatesScreen')).RevokeClientCertificatesScreen,
      }),
    },
    {
      path: 'certificates/stats',
      lazy: async () => ({ Component: (await import('./screens/StatsScreen')).StatsScreen }),
    },
  ],
  nav: [
    {
      labelKey: 'certificates:nav.list',
      path: '/certificates/list',
      section: 'certificates:nav.section',
      order: 60,
      visible: handlesCertificates,
    },
    {
      labelKey: 'certificates:nav.issue',
      path: '/certificates/issue',
      section: 'certificates:nav.section',
      order: 61,
      visible: handlesCertificates,
    },
    {
      labelKey: 'certificates:nav.domains',
      path: '/certificates/domains',
      section: 'certificates:nav.section',
      order: 62,
      visible: managesCertificates,
    },
    {
      labelKey: 'certificates:nav.stats',
      path: '/certificates/stats',
      section: 'certificates:nav.section',
      order: 63,
      visible: managesCertificates,
    },
  ],
});
