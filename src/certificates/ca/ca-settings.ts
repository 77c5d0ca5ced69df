/**
 * Lifetimes of the CA hierarchy and its CRL. The root outlives the issuing CA so that the issuing CA can be
 * replaced under the same root; the CRL is valid for a week and the refresh job re-signs it once half of that
 * has passed, so relying parties always hold a CRL with days to spare.
 */
export const CA_SETTINGS = {
  rootValidityDays: 20 * 365,
  issuingValidityDays: 10 * 365,
  crlValidityDays: 7,
  /** Certificates are back-dated this much so that a relying party whose clock runs a little slow accepts them. */
  backdateMs: 5 * 60_000,
} as const;

export const DAY_MS = 86_400_000;
