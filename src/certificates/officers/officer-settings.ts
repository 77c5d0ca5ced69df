/**
 * Registration-officer enrolment (manual 002 §2): how long a link stays usable, how many wrong access PINs void
 * it, and how near expiry an officer may renew with the current certificate.
 */
export const OFFICER_SETTINGS = {
  enrolmentValidityDays: 14,
  maxPinAttempts: 5,
  renewalWindowDays: 30,
} as const;
