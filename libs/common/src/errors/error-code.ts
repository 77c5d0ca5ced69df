/**
 * Every error code Kanri answers with, in one place (SPEC §0). Codes are stable identifiers that clients may
 * switch on; add new ones here and never rename an existing one.
 */
export enum ErrorCode {
  // generic
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedRequest = 'MALFORMED_REQUEST',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  InternalError = 'INTERNAL_ERROR',
  // authentication (§3)
  InvalidCredentials = 'INVALID_CREDENTIALS',
  IpNotAllowed = 'IP_NOT_ALLOWED',
  AccountLocked = 'ACCOUNT_LOCKED',
  AccountDisabled = 'ACCOUNT_DISABLED',
  AccountProvisional = 'ACCOUNT_PROVISIONAL',
  AccountExpired = 'ACCOUNT_EXPIRED',
  AccountStopped = 'ACCOUNT_STOPPED',
  PasswordChangeRequired = 'PASSWORD_CHANGE_REQUIRED',
  PasswordPolicyViolated = 'PASSWORD_POLICY_VIOLATED',
  ConfirmationPasswordInvalid = 'CONFIRMATION_PASSWORD_INVALID',
  ConfirmationPasswordNotSet = 'CONFIRMATION_PASSWORD_NOT_SET',
  OtpInvalid = 'OTP_INVALID',
  OtpExpired = 'OTP_EXPIRED',
  OtpLocked = 'OTP_LOCKED',
  OtpResendLimit = 'OTP_RESEND_LIMIT',
  // sign-in controls (§3.3–§3.5)
  AuthTokenInvalid = 'AUTH_TOKEN_INVALID',
  SecondFactorUnavailable = 'SECOND_FACTOR_UNAVAILABLE',
  EmailNotRegistered = 'EMAIL_NOT_REGISTERED',
  IpChangeLocked = 'IP_CHANGE_LOCKED',
  // organizations (§2)
  OrganizationCodeNotFound = 'ORGANIZATION_CODE_NOT_FOUND',
  ManagerCapExceeded = 'MANAGER_CAP_EXCEEDED',
  ManagerRequired = 'MANAGER_REQUIRED',
  UserLimitReached = 'USER_LIMIT_REACHED',
  GroupNotEmpty = 'GROUP_NOT_EMPTY',
  // users (§4)
  ImportTooLarge = 'IMPORT_TOO_LARGE',
  // certificates (§7)
  CsrMalformed = 'CSR_MALFORMED',
  CsrSignatureInvalid = 'CSR_SIGNATURE_INVALID',
  CsrKeyNotAllowed = 'CSR_KEY_NOT_ALLOWED',
  CertificateNameInvalid = 'CERTIFICATE_NAME_INVALID',
  CertificateDomainNotRegistered = 'CERTIFICATE_DOMAIN_NOT_REGISTERED',
  CertificateValidityTooLong = 'CERTIFICATE_VALIDITY_TOO_LONG',
  CertificateAlreadyRevoked = 'CERTIFICATE_ALREADY_REVOKED',
  CertificateAlreadyRenewed = 'CERTIFICATE_ALREADY_RENEWED',
  CertificateRevoked = 'CERTIFICATE_REVOKED',
  DomainAlreadyRegistered = 'DOMAIN_ALREADY_REGISTERED',
  AccessPinInvalid = 'ACCESS_PIN_INVALID',
  EnrolmentVoid = 'ENROLMENT_VOID',
  EnrolmentExpired = 'ENROLMENT_EXPIRED',
  EnrolmentUsed = 'ENROLMENT_USED',
  ClientCertificateRequired = 'CLIENT_CERTIFICATE_REQUIRED',
  ClientCertificateInvalid = 'CLIENT_CERTIFICATE_INVALID',
  RenewalNotYetAllowed = 'RENEWAL_NOT_YET_ALLOWED',
  // individual numbers (§8)
  PersonalNumberInvalid = 'PERSONAL_NUMBER_INVALID',
  // user administration (§4: bulk actions, CSV import, invitations)
  BulkIncludesSelf = 'BULK_INCLUDES_SELF',
  BulkSingleUserOrganization = 'BULK_SINGLE_USER_ORGANIZATION',
  ImportInvalid = 'IMPORT_INVALID',
  ImportInterrupted = 'IMPORT_INTERRUPTED',
  UserNotProvisional = 'USER_NOT_PROVISIONAL',
}
