import { ErrorCode } from '@kanri/common/errors/error-code';

/**
 * The business errors of each operation, by operation id and status, beyond those every route of its kind
 * answers (error-responses.ts derives those from the route's decorators). Kept here rather than on the
 * controllers so that the list reads as one table; `@ApiErrors` on a handler adds to it. The end-to-end
 * contract check (test/support/openapi-contract.ts) fails when a route answers a code not listed.
 */
export const ROUTE_ERRORS: Record<string, Partial<Record<number, ErrorCode[]>>> = {
  // At most five destinations per organization (and for the system).
  'auditStreaming.create': { 409: [ErrorCode.Conflict] },
  'systemAuditStreaming.create': { 409: [ErrorCode.Conflict] },
  // At most ten SCIM tokens per organization.
  'scimTokens.create': { 409: [ErrorCode.Conflict] },
  'accounts.create': {
    409: [ErrorCode.Conflict],
  },
  'accounts.remove': {
    409: [ErrorCode.AccountInUse],
  },
  'approvalRequests.approve': {
    403: [ErrorCode.ApproverIsRequester, ErrorCode.Forbidden, ErrorCode.NotAnApprover],
    409: [ErrorCode.AlreadyApproved, ErrorCode.ApprovalOutOfOrder, ErrorCode.RequestNotPending],
    422: [ErrorCode.DailyLimitExceeded, ErrorCode.ExecutionDateInvalid, ErrorCode.TransactionLimitExceeded],
  },
  'approvalRequests.create': {
    403: [ErrorCode.Forbidden],
    422: [
      ErrorCode.AccountNotUsable,
      ErrorCode.ApproversNotDistinct,
      ErrorCode.ApproverCountMismatch,
      ErrorCode.ApproverIsRequester,
      ErrorCode.ApproverNotEligible,
      ErrorCode.DailyLimitExceeded,
      ErrorCode.ExecutionDateInvalid,
      ErrorCode.FeeBearerNotAllowed,
      ErrorCode.FeeExceedsPayment,
      ErrorCode.TransactionLimitExceeded,
    ],
  },
  'approvalRequests.approverCandidates': {
    403: [ErrorCode.Forbidden],
  },
  'approvalRequests.list': {
    403: [ErrorCode.Forbidden],
  },
  'approvalRequests.reject': {
    403: [ErrorCode.ApproverIsRequester, ErrorCode.NotAnApprover],
    409: [ErrorCode.AlreadyApproved, ErrorCode.ApprovalOutOfOrder, ErrorCode.RequestNotPending],
  },
  'approvalRequests.withdraw': {
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.RequestNotPending, ErrorCode.WithdrawNotAllowed],
  },
  'auth.changePassword': {
    400: [ErrorCode.PasswordPolicyViolated],
    401: [ErrorCode.InvalidCredentials],
  },
  'auth.login': {
    401: [ErrorCode.InvalidCredentials],
    403: [
      ErrorCode.AccountDisabled,
      ErrorCode.AccountExpired,
      ErrorCode.AccountProvisional,
      ErrorCode.AccountStopped,
      ErrorCode.IpNotAllowed,
      ErrorCode.SecondFactorUnavailable,
    ],
    423: [ErrorCode.AccountLocked, ErrorCode.OtpLocked],
  },
  'passkeys.registrationOptions': { 409: [ErrorCode.Conflict] },
  'passkeys.register': {
    400: [ErrorCode.PasskeyInvalid],
    401: [ErrorCode.PasskeyChallengeInvalid],
    409: [ErrorCode.Conflict],
  },
  'passkeys.signInVerify': {
    401: [ErrorCode.PasskeyChallengeInvalid, ErrorCode.PasskeyInvalid],
    403: [
      ErrorCode.AccountDisabled,
      ErrorCode.AccountExpired,
      ErrorCode.AccountProvisional,
      ErrorCode.AccountStopped,
      ErrorCode.IpNotAllowed,
    ],
    423: [ErrorCode.AccountLocked],
  },
  'passkeys.stepUpOptions': { 409: [ErrorCode.PasskeyNotRegistered] },
  'passkeys.stepUpVerify': { 401: [ErrorCode.PasskeyChallengeInvalid, ErrorCode.PasskeyInvalid] },
  'auth.setConfirmationPassword': {
    401: [ErrorCode.InvalidCredentials],
    423: [ErrorCode.AccountLocked],
  },
  'certificateSignIn.login': {
    401: [ErrorCode.ClientCertificateRequired],
  },
  'certificates.issue': {
    400: [ErrorCode.CsrMalformed, ErrorCode.CsrSignatureInvalid],
    403: [ErrorCode.Forbidden],
    422: [
      ErrorCode.CertificateDomainNotRegistered,
      ErrorCode.CertificateNameInvalid,
      ErrorCode.CertificateValidityTooLong,
      ErrorCode.CsrKeyNotAllowed,
    ],
  },
  // The certificate routes admit any member and judge certificates.manage / certificates.request in the service
  // (certificate-policy.ts), so their 403 FORBIDDEN is declared here rather than derived from the access rule.
  'certificates.list': { 403: [ErrorCode.Forbidden] },
  'certificates.get': { 403: [ErrorCode.Forbidden] },
  'certificates.download': { 403: [ErrorCode.Forbidden] },
  'certificates.renew': {
    400: [ErrorCode.CsrMalformed, ErrorCode.CsrSignatureInvalid],
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.CertificateAlreadyRenewed, ErrorCode.CertificateRevoked],
    422: [ErrorCode.CertificateValidityTooLong],
  },
  'certificates.revoke': {
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.CertificateAlreadyRevoked],
  },
  // Certificate applications (SPEC §15): applicants and officers alike reach these routes; certificate-policy.ts decides.
  'certificateApplications.submit': {
    400: [ErrorCode.CsrMalformed, ErrorCode.CsrSignatureInvalid],
    403: [ErrorCode.Forbidden],
    422: [
      ErrorCode.CertificateDomainNotRegistered,
      ErrorCode.CertificateNameInvalid,
      ErrorCode.CertificateValidityTooLong,
      ErrorCode.CsrKeyNotAllowed,
    ],
  },
  'certificateApplications.submitRenewal': {
    400: [ErrorCode.CsrMalformed, ErrorCode.CsrSignatureInvalid],
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.CertificateAlreadyRenewed, ErrorCode.CertificateRevoked],
    422: [ErrorCode.CertificateValidityTooLong, ErrorCode.CsrKeyNotAllowed],
  },
  'certificateApplications.submitBulk': {
    403: [ErrorCode.Forbidden],
    422: [ErrorCode.ApplicationFileInvalid],
  },
  'certificateApplications.list': { 403: [ErrorCode.Forbidden] },
  'certificateApplications.get': { 403: [ErrorCode.Forbidden] },
  'certificateApplications.approve': {
    409: [ErrorCode.ApplicationNotPending, ErrorCode.CertificateAlreadyRenewed, ErrorCode.CertificateRevoked],
    422: [
      ErrorCode.CertificateDomainNotRegistered,
      ErrorCode.CertificateNameInvalid,
      ErrorCode.CertificateValidityTooLong,
    ],
  },
  'certificateApplications.reject': { 409: [ErrorCode.ApplicationNotPending] },
  'certificateApplications.collect': {
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.ApplicationNotPending],
    422: [ErrorCode.CertificateDomainNotRegistered, ErrorCode.CertificateNameInvalid],
  },
  'certificateResponsible.move': { 422: [ErrorCode.CertificateNameInvalid] },
  'enrolment.renew': {
    401: [ErrorCode.ClientCertificateRequired],
  },
  'enrolment.enrol': {
    401: [ErrorCode.AccessPinInvalid],
    410: [ErrorCode.EnrolmentExpired, ErrorCode.EnrolmentUsed, ErrorCode.EnrolmentVoid],
    422: [ErrorCode.CsrKeyNotAllowed],
  },
  'groups.create': {
    409: [ErrorCode.Conflict],
  },
  'groups.remove': {
    409: [ErrorCode.GroupNotEmpty],
  },
  'groups.update': {
    409: [ErrorCode.Conflict],
  },
  'invitations.accept': {
    400: [ErrorCode.AuthTokenInvalid, ErrorCode.PasswordPolicyViolated],
  },
  'managers.replace': {
    422: [ErrorCode.ManagerCapExceeded, ErrorCode.ManagerRequired],
  },
  'myOrganization.join': {
    // NOT_FOUND: the caller's account (or the organization it leaves) was deleted while the request ran.
    404: [ErrorCode.OrganizationCodeNotFound, ErrorCode.NotFound],
    422: [ErrorCode.ManagerRequired, ErrorCode.UserLimitReached],
  },
  'organizationFees.quote': {
    422: [ErrorCode.FeeBearerNotAllowed, ErrorCode.FeeExceedsPayment, ErrorCode.FeeNotApplicable],
  },
  'organizations.create': {
    403: [ErrorCode.Forbidden],
    // The caller's account (or the organization it leaves) was deleted while the request ran.
    404: [ErrorCode.NotFound],
    422: [ErrorCode.ManagerRequired],
  },
  'idDocuments.list': {
    403: [ErrorCode.Forbidden],
  },
  'idDocuments.upload': {
    400: [ErrorCode.MalformedRequest],
    409: [ErrorCode.DocumentLimitReached],
    413: [ErrorCode.DocumentTooLarge],
    415: [ErrorCode.DocumentTypeUnsupported],
  },
  'idDocuments.view': {
    403: [ErrorCode.Forbidden],
  },
  'organizations.open': {
    400: [ErrorCode.PasswordPolicyViolated],
    409: [ErrorCode.Conflict],
    422: [ErrorCode.UserLimitReached],
  },
  'organizations.removeMember': {
    422: [ErrorCode.ManagerRequired],
  },
  'personalNumbers.create': {
    409: [ErrorCode.PersonalNumberDuplicate, ErrorCode.PersonalNumberRelationTaken],
    422: [ErrorCode.PersonalNumberInvalid],
  },
  'personalNumbers.get': {
    403: [ErrorCode.Forbidden],
  },
  'personalNumbers.import': {
    403: [ErrorCode.ConfirmationPasswordInvalid],
    413: [ErrorCode.ImportTooLarge],
    422: [ErrorCode.ImportInvalid],
  },
  'personalNumbers.list': {
    403: [ErrorCode.Forbidden],
  },
  'personalNumbers.reveal': {
    422: [ErrorCode.PersonalNumberNotCollected],
  },
  'personalNumbers.status': {
    403: [ErrorCode.Forbidden],
  },
  'personalNumbers.update': {
    422: [ErrorCode.PersonalNumberInvalid],
  },
  'recovery.confirmIpChange': {
    400: [ErrorCode.AuthTokenInvalid],
  },
  'recovery.confirmReset': {
    400: [ErrorCode.AuthTokenInvalid, ErrorCode.PasswordPolicyViolated],
    403: [ErrorCode.IpNotAllowed],
  },
  'recovery.requestIpChange': {
    401: [ErrorCode.InvalidCredentials],
    409: [ErrorCode.Conflict],
    423: [ErrorCode.AccountLocked, ErrorCode.IpChangeLocked],
  },
  'registrationOfficers.register': {
    404: [ErrorCode.NotFound],
    409: [ErrorCode.Conflict],
  },
  'secondFactor.activate': {
    401: [ErrorCode.OtpInvalid],
    409: [ErrorCode.Conflict],
  },
  'secondFactor.resend': {
    401: [ErrorCode.OtpInvalid],
    429: [ErrorCode.OtpResendLimit],
  },
  'secondFactor.setup': {
    403: [ErrorCode.Forbidden],
  },
  'secondFactor.verify': {
    401: [ErrorCode.OtpExpired, ErrorCode.OtpInvalid],
    409: [ErrorCode.Conflict],
    423: [ErrorCode.OtpLocked],
  },
  'standardFees.current': {
    404: [ErrorCode.NotFound],
  },
  'standardFees.remove': {
    409: [ErrorCode.StandardFeeAlreadyEffective],
  },
  'userAccounts.create': {
    400: [ErrorCode.PasswordPolicyViolated],
    409: [ErrorCode.Conflict],
  },
  'users.create': {
    400: [ErrorCode.PasswordPolicyViolated],
    409: [ErrorCode.Conflict],
    422: [ErrorCode.UserLimitReached],
  },
  'users.invite': {
    422: [ErrorCode.UserNotProvisional],
  },
  'users.remove': {
    422: [ErrorCode.ManagerRequired],
  },
  // Batches (総合振込, 給与・賞与振込): the checks of a single request, per line for fees.
  'requestBatches.create': {
    403: [ErrorCode.Forbidden],
    422: [
      ErrorCode.AccountNotUsable,
      ErrorCode.ApproversNotDistinct,
      ErrorCode.ApproverCountMismatch,
      ErrorCode.ApproverIsRequester,
      ErrorCode.ApproverNotEligible,
      ErrorCode.DailyLimitExceeded,
      ErrorCode.ExecutionDateInvalid,
      ErrorCode.FeeBearerNotAllowed,
      ErrorCode.FeeExceedsPayment,
      ErrorCode.FeeTableNotSet,
      ErrorCode.TransactionLimitExceeded,
    ],
  },
  'requestBatches.import': {
    403: [ErrorCode.ConfirmationPasswordInvalid, ErrorCode.Forbidden],
    413: [ErrorCode.ImportTooLarge],
    422: [
      ErrorCode.AccountNotUsable,
      ErrorCode.ApproversNotDistinct,
      ErrorCode.ApproverCountMismatch,
      ErrorCode.ApproverIsRequester,
      ErrorCode.ApproverNotEligible,
      ErrorCode.DailyLimitExceeded,
      ErrorCode.ExecutionDateInvalid,
      ErrorCode.FeeBearerNotAllowed,
      ErrorCode.FeeExceedsPayment,
      ErrorCode.FeeTableNotSet,
      ErrorCode.TransactionLimitExceeded,
      ErrorCode.ZenginFileInvalid,
    ],
  },
  'requestBatches.zengin': {
    409: [ErrorCode.Conflict, ErrorCode.ZenginRequesterNotSet, ErrorCode.ZenginRequesterOtherBranch],
  },
  'users.runBulk': {
    422: [ErrorCode.BulkIncludesSelf, ErrorCode.BulkSingleUserOrganization, ErrorCode.ManagerRequired],
  },
  'users.setUsageStopDate': {
    422: [ErrorCode.ManagerRequired],
  },
  'users.startImport': {
    403: [ErrorCode.ConfirmationPasswordInvalid],
    413: [ErrorCode.ImportTooLarge],
  },
  'users.update': {
    400: [ErrorCode.PasswordPolicyViolated],
    422: [ErrorCode.ManagerRequired],
  },
  // The payee register (src/payees): access is decided by registration in the service (payee-access-policy.ts).
  'payees.list': { 403: [ErrorCode.Forbidden] },
  'payees.get': { 403: [ErrorCode.Forbidden] },
  'payees.export': { 403: [ErrorCode.Forbidden] },
  'payees.exportZengin': {
    403: [ErrorCode.Forbidden],
    409: [ErrorCode.Conflict, ErrorCode.ZenginRequesterNotSet],
  },
  'payees.create': { 403: [ErrorCode.Forbidden], 409: [ErrorCode.Conflict] },
  'payees.update': { 403: [ErrorCode.Forbidden], 409: [ErrorCode.Conflict] },
  'payees.remove': { 403: [ErrorCode.Forbidden] },
  'payees.import': {
    400: [ErrorCode.OtpRequired],
    403: [
      ErrorCode.Forbidden,
      ErrorCode.ConfirmationPasswordInvalid,
      ErrorCode.ConfirmationPasswordNotSet,
      ErrorCode.OtpInvalid,
      ErrorCode.TotpNotEnrolled,
    ],
    413: [ErrorCode.ImportTooLarge],
    422: [ErrorCode.ImportInvalid],
    423: [ErrorCode.AccountLocked, ErrorCode.OtpLocked],
  },
  'payees.importZengin': {
    400: [ErrorCode.OtpRequired],
    403: [
      ErrorCode.Forbidden,
      ErrorCode.ConfirmationPasswordInvalid,
      ErrorCode.ConfirmationPasswordNotSet,
      ErrorCode.OtpInvalid,
      ErrorCode.TotpNotEnrolled,
    ],
    413: [ErrorCode.ImportTooLarge],
    422: [ErrorCode.ImportInvalid],
    423: [ErrorCode.AccountLocked, ErrorCode.OtpLocked],
  },
};
