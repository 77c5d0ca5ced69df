import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import type { Certificate } from './certificate.entity';
import type { CertificateType } from './issuance/certificate-profiles';

/**
 * Who may do what with certificates (SPEC §7 "by certificates.manage, or certificates.request for own
 * domains"). Routes open to either permission are declared `@Authenticated()` (the access rules can only require
 * every listed permission, not one of them); organization membership is still enforced by the organization scope
 * guard, and these checks decide the rest:
 * - `certificates.manage` (the registration officer's permission): everything in the organization, and the only
 *   permission that gets a certificate at once (issue, renew) or decides an application;
 * - `certificates.request`: applies (証明書申請) for server certificates of the organization's registered domains
 *   and client or S/MIME certificates for oneself, and for renewals of what they requested, hold or answer for;
 *   never gets a certificate without an officer's approval; sees and revokes only the certificates they
 *   requested, hold or answer for.
 */
export interface CertificateRights {
  userId: string;
  manage: boolean;
  request: boolean;
}

export function certificateRights(actor: Actor): CertificateRights {
  const rights = {
    userId: actor.userId,
    manage: actor.permissions.has(Permission.CertificatesManage),
    request: actor.permissions.has(Permission.CertificatesRequest),
  };
  if (!rights.manage && !rights.request) {
    throw new AppError(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, 'Missing permission', {
      missing: [Permission.CertificatesManage, Permission.CertificatesRequest],
      rule: 'any',
    });
  }
  return rights;
}

/**
 * Whether the certificate may be issued at once, without an officer's approval: only `certificates.manage`. A
 * holder of `certificates.request` alone applies instead (POST .../certificate-applications).
 */
export function assertMayIssueWithoutApproval(rights: CertificateRights): void {
  if (rights.manage) return;
  throw new AppError(
    ErrorCode.Forbidden,
    HttpStatus.FORBIDDEN,
    "Certificates are issued on a registration officer's approval: submit an application",
    { missing: [Permission.CertificatesManage] },
  );
}

/** Whether these rights may apply for (or, with certificates.manage, issue) such a certificate for that holder. */
export function assertMayIssue(
  rights: CertificateRights,
  type: CertificateType,
  holderUserId: string | null,
): void {
  if (rights.manage) return;
  if (
    type === 'code_signing' ||
    ((type === 'client' || type === 'smime') && holderUserId !== rights.userId)
  ) {
    throw new AppError(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, 'Missing permission', {
      missing: [Permission.CertificatesManage],
    });
  }
}

/** Whether the certificate is visible to these rights; invisible ones answer 404 like another tenant's. */
export function maySee(
  rights: CertificateRights,
  certificate: Pick<Certificate, 'requestedBy' | 'subjectUserId'> &
    Partial<Pick<Certificate, 'responsibleUserId'>>,
): boolean {
  return (
    rights.manage ||
    certificate.requestedBy === rights.userId ||
    certificate.subjectUserId === rights.userId ||
    certificate.responsibleUserId === rights.userId
  );
}
