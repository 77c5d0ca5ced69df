import { x509 } from '../x509/x509';

/**
 * RFC 5280 §5.3.1 reason codes a holder or administrator may give for an end-entity certificate. Left out on
 * purpose: certificateHold (Kanri has no "unrevoke"), removeFromCRL (delta CRLs only), cACompromise and
 * aACompromise (they describe a CA or attribute authority, not the holder's certificate).
 */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export const REVOCATION_REASON_CODES: Record<RevocationReason, number> = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
};

export const REVOCATION_REASON_LABELS: Record<RevocationReason, string> = {
  unspecified: '理由なし',
  keyCompromise: '鍵の危殆化',
  affiliationChanged: '所属の変更',
  superseded: '更新による置き換え',
  cessationOfOperation: '利用終了',
  privilegeWithdrawn: '権限の取り消し',
};
