import type { Principal } from '../../app/auth';
import { defineFeature } from '../../app/feature';

const handlesCertificates = (p: Principal) =>
  !!p.organization &&
  (p.isManager ||
    p.permissions.includes('certificates.manage') ||
    p.permissions.includes('certificates.request'));

/**
 * 登録担当者 and 証明書申請 (manual 002): the system operator registers an organization's registration officers
 * (the access PIN shown once); the officer fetches their certificate on the public enrolment page of the mailed
 * link; members apply for certificates (singly, as renewals, as a TSV) and the officer approves or rejects.
 */
export default defineFeature({
  publicRoutes: [
    {
      path: '/officer-enrolment/:token',
      lazy: async () => ({
        Component: (await import('./screens/OfficerEnrolmentPage')).OfficerEnrolmentPage,
      }),
    },
  ],
  routes: [
    {
      path: '/operator/registration-officers',
      lazy: async () => ({ Component: (await import('./screens/OfficersScreen')).OfficersScreen }),
    },
    {
      path: '/operator/registration-officers/new',
      lazy: async () => ({
        Component: (await import('./screens/RegisterOfficerScreen')).RegisterOfficerScreen,
      }),
    },
    {
      path: 'certificates/applications',
      lazy: async () => ({
        Component: (await import('./screens/ApplicationListScreen')).ApplicationListScreen,
      }),
    },
    {
      path: 'certificates/applications/new',
      lazy: async () => ({ Component: (await import('./screens/ApplyScreen')).ApplyScreen }),
    },
    {
      path: 'certificates/applications/renewal',
      lazy: async () => ({
        Component: (await import('./screens/RenewalApplyScreen')).RenewalApplyScreen,
      }),
    },
    {
      path: 'certificates/applications/bulk',
      lazy: async () => ({ Component: (await import('./screens/BulkApplyScreen')).BulkApplyScreen }),
    },
    {
      path: 'certificates/applications/:applicationId',
      lazy: async () => ({
        Component: (await import('./screens/ApplicationDetailScreen')).ApplicationDetailScreen,
      }),
    },
  ],
  nav: [
    {
      labelKey: 'certificate-officers:nav.applications',
      path: '/certificates/applications',
      section: 'certificates:nav.section',
      order: 64,
      visible: handlesCertificates,
    },
    {
      labelKey: 'certificate-officers:nav.officers',
      path: '/operator/registration-officers',
      section: 'app:nav.operator',
      order: 802,
      visible: (p) => p.isSystemOperator,
    },
  ],
});
