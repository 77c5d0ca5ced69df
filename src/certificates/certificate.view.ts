import type { Certificate } from './certificate.entity';
import type { CertificateType } from './issuance/certificate-profiles';
import { REVOCATION_REASON_CODES, type RevocationReason } from './issuance/revocation-reasons';

export type CertificateStatus = 'active' | 'revoked' | 'expired';

/** A certificate as the API lists it (no PEM; download it or read it from the issuing answer). */
export interface CertificateView {
  id: string;
  organizationId: string;
  type: CertificateType;
  serialNumber: string;
  subject: string;
  commonName: string;
  dnsNames: string[];
  email: string | null;
  domain: string | null;
  holderUserId: string | null;
  officerId: string | null;
  requestedBy: string | null;
  /** 利用管理者: who answers for the certificate (the requester unless moved). */
  responsibleUserId: string | null;
  keyAlgorithm: string;
  notBefore: string;
  notAfter: string;
  status: CertificateStatus;
  revokedAt: string | null;
  revocationReason: RevocationReason | null;
  /** RFC 5280 reason code of `revocationReason`. */
  revocationReasonCode: number | null;
  renewedFromId: string | null;
  renewedById: string | null;
  createdAt: string;
}

/** The answer to issuing or renewing: the certificate itself and the chain to install with it. */
export interface IssuedCertificateView extends CertificateView {
  certificatePem: string;
  /** Issuing CA then root, PEM. */
  chainPem: string;
}

export function certificateStatus(c: Pick<Certificate, 'status' | 'notAfter'>, now: Date): CertificateStatus {
  if (c.status === 'revoked') return 'revoked';
  return c.notAfter.getTime() <= now.getTime() ? 'expired' : 'active';
}

export function toCertificateView(c: Certificate, now: Date): CertificateView {
  return {
    id: c.id,
    organizationId: c.organizationId,
    type: c.type,
    serialNumber: c.serial,
    subject: c.subject,
    commonName: c.commonName,
    dnsNames: c.dnsNames ?? [],
    email: c.email,
    domain: c.domain,
    holderUserId: c.subjectUserId,
    officerId: c.officerId,
    requestedBy: c.requestedBy,
    responsibleUserId: c.responsibleUserId ?? c.requestedBy,
    keyAlgorithm: c.keyAlgorithm,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    status: certificateStatus(c, now),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
    revocationReasonCode: c.revocationReason ? REVOCATION_REASON_CODES[c.revocationReason] : null,
    renewedFromId: c.renewedFromId,
    renewedById: c.renewedById,
    createdAt: c.createdAt.toISOString(),
  };
}
