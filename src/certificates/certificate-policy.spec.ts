import { HttpStatus } from '@nestjs/common';
import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import {
  assertMayIssue,
  assertMayIssueWithoutApproval,
  certificateRights,
  maySee,
  type CertificateRights,
} from './certificate-policy';

function actor(...permissions: Permission[]): Actor {
  return {
    userId: 'u-me',
    sessionId: 's1',
    loginId: 'me0001',
    organizationId: 'o1',
    groupId: null,
    isSystemOperator: false,
    isManager: false,
    mustChangePassword: false,
    orgId: 'o1',
    permissions: new Map(permissions.map((p) => [p, null])),
  };
}

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

const manager: CertificateRights = { userId: 'u-me', manage: true, request: false };
const requester: CertificateRights = { userId: 'u-me', manage: false, request: true };

describe('certificate rights', () => {
  it('are read from certificates.manage and certificates.request', () => {
    expect(certificateRights(actor(Permission.CertificatesManage))).toEqual(manager);
    expect(certificateRights(actor(Permission.CertificatesRequest))).toEqual(requester);
    expect(
      certificateRights(
        actor(Permission.CertificatesManage, Permission.CertificatesRequest, Permission.AuditRead),
      ),
    ).toEqual({ userId: 'u-me', manage: true, request: true });
  });

  it('refuse a member with neither permission, naming both as alternatives', () => {
    const error = thrown(() => certificateRights(actor(Permission.UsersManage)));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.status).toBe(HttpStatus.FORBIDDEN);
    expect(error.details).toEqual({
      missing: [Permission.CertificatesManage, Permission.CertificatesRequest],
      rule: 'any',
    });
  });
});

describe('who may issue which certificate', () => {
  it('lets certificates.manage issue every type, for anyone', () => {
    expect(() => assertMayIssue(manager, 'code_signing', null)).not.toThrow();
    expect(() => assertMayIssue(manager, 'client', 'u-other')).not.toThrow();
    expect(() => assertMayIssue(manager, 'server', null)).not.toThrow();
  });

  it('lets certificates.request issue server certificates and client certificates for oneself', () => {
    expect(() => assertMayIssue(requester, 'server', null)).not.toThrow();
    expect(() => assertMayIssue(requester, 'client', 'u-me')).not.toThrow();
  });

  it('lets certificates.request apply for S/MIME certificates for oneself only', () => {
    expect(() => assertMayIssue(requester, 'smime', 'u-me')).not.toThrow();
    expect(thrown(() => assertMayIssue(requester, 'smime', 'u-other')).code).toBe(ErrorCode.Forbidden);
  });

  it('issues at once (without an approval) only for certificates.manage', () => {
    expect(() => assertMayIssueWithoutApproval(manager)).not.toThrow();
    expect(() =>
      assertMayIssueWithoutApproval({ userId: 'u-me', manage: true, request: true }),
    ).not.toThrow();
    const error = thrown(() => assertMayIssueWithoutApproval(requester));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.status).toBe(HttpStatus.FORBIDDEN);
    expect(error.details).toEqual({ missing: [Permission.CertificatesManage] });
  });

  it.each([
    ['code_signing', null],
    ['code_signing', 'u-me'],
    ['client', 'u-other'],
    ['client', null],
    ['smime', null],
  ] as const)('refuses certificates.request a %s certificate held by %p', (type, holder) => {
    const error = thrown(() => assertMayIssue(requester, type, holder));
    expect(error.code).toBe(ErrorCode.Forbidden);
    expect(error.status).toBe(HttpStatus.FORBIDDEN);
    expect(error.details).toEqual({ missing: [Permission.CertificatesManage] });
  });
});

describe('which certificates are visible', () => {
  const foreign = { requestedBy: 'u-other', subjectUserId: 'u-third' };

  it('shows every certificate to certificates.manage', () => {
    expect(maySee(manager, foreign)).toBe(true);
  });

  it('shows certificates.request the ones they requested or hold, and no others', () => {
    expect(maySee(requester, { requestedBy: 'u-me', subjectUserId: null })).toBe(true);
    expect(maySee(requester, { requestedBy: 'u-other', subjectUserId: 'u-me' })).toBe(true);
    expect(maySee(requester, foreign)).toBe(false);
    expect(maySee(requester, { requestedBy: 'u-other', subjectUserId: null })).toBe(false);
    expect(
      maySee(requester, { requestedBy: 'u-other', subjectUserId: null, responsibleUserId: 'u-me' }),
    ).toBe(true);
    expect(
      maySee(requester, { requestedBy: 'u-other', subjectUserId: null, responsibleUserId: 'u-third' }),
    ).toBe(false);
  });
});
