import { defineFeature } from '../../app/feature';

/**
 * Sign-in (SPEC §3, manuals 000/001/003): the public steps, then the signed-in user's own security screens.
 * Each screen is its own chunk, so the sign-in page loads only what it needs.
 */
export default defineFeature({
  publicRoutes: [
    { path: '/sign-in', lazy: () => import('./sign-in-page').then((m) => ({ Component: m.SignInPage })) },
    {
      path: '/password-reset',
      lazy: () => import('./password-reset-page').then((m) => ({ Component: m.PasswordResetRequestPage })),
    },
    {
      path: '/password-reset/confirm',
      lazy: () => import('./password-reset-page').then((m) => ({ Component: m.PasswordResetConfirmPage })),
    },
    {
      path: '/ip-change',
      lazy: () => import('./ip-change-page').then((m) => ({ Component: m.IpChangeRequestPage })),
    },
    {
      path: '/ip-change/confirm',
      lazy: () => import('./ip-change-page').then((m) => ({ Component: m.IpChangeConfirmPage })),
    },
  ],
  routes: [
    {
      path: '/password/change',
      lazy: () => import('./password-change-page').then((m) => ({ Component: m.PasswordChangePage })),
    },
    {
      path: '/account/two-factor',
      lazy: () => import('./totp-enrolment-page').then((m) => ({ Component: m.TotpEnrolmentPage })),
    },
    {
      path: '/account/sessions',
      lazy: () => import('./sessions-page').then((m) => ({ Component: m.SessionsPage })),
    },
    {
      path: '/account/confirmation-password',
      lazy: () =>
        import('./confirmation-password-page').then((m) => ({ Component: m.ConfirmationPasswordPage })),
    },
  ],
  nav: [
    {
      labelKey: 'sign-in:nav.passwordChange',
      path: '/password/change',
      section: 'app:nav.account',
      order: 900,
    },
    {
      labelKey: 'sign-in:nav.confirmationPassword',
      path: '/account/confirmation-password',
      section: 'app:nav.account',
      order: 901,
    },
    {
      labelKey: 'sign-in:nav.twoFactor',
      path: '/account/two-factor',
      section: 'app:nav.account',
      order: 902,
    },
    { labelKey: 'sign-in:nav.sessions', path: '/account/sessions', section: 'app:nav.account', order: 903 },
  ],
});
