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
 * - `certificates.manage`: everything in the organization;
 * - `certificates.request`: server certificates for the organization's registered domains and client
 *   certificates for oneself; sees, renews and revokes only the certificates they requested or hold.
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

export function assertMayIssue(
  rights: CertificateRights,
  type: CertificateType,
  holderUserId: string | null,
): void {
  if (rights.manage) return;
  if (type === 'code_signing' || (type === 'client' && holderUserId !== rights.userId)) {
    throw new AppError(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, 'Missing permission', {
      missing: [Permission.CertificatesManage],
    });
  }
}

/** Whether the certificate is visible to these rights; invisible ones answer 404 like another tenant's. */
export function maySee(
  rights: CertificateRights,
  certificate: Pick<Certificate, 'requestedBy' | 'subjectUserId'>,
): boolean {
  return (
    rights.manage || certificate.requestedBy === rights.userId || certificate.subjectUserId === rights.userId
  );
}
