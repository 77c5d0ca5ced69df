/**
 * Every permission string (SPEC §1), granted per user per organization. Approval permissions exist per business
 * type; `approvalPermission()` builds them so a typo cannot invent a new one.
 */
export enum Permission {
  UsersManage = 'users.manage',
  UsersImport = 'users.import',
  UsersExport = 'users.export',
  CompanyManage = 'company.manage',
  FeesManage = 'fees.manage',
  ApprovalsViewAll = 'approvals.view_all',
  AuditRead = 'audit.read',
  CertificatesManage = 'certificates.manage',
  CertificatesRequest = 'certificates.request',
  PersonalNumbersRead = 'personal_numbers.read',
  PersonalNumbersWrite = 'personal_numbers.write',
  PersonalNumbersExport = 'personal_numbers.export',
  ApprovalsRequestTransfer = 'approvals.request.transfer',
  ApprovalsRequestBulkTransfer = 'approvals.request.bulk_transfer',
  ApprovalsRequestPayroll = 'approvals.request.payroll',
  ApprovalsRequestAccountDebit = 'approvals.request.account_debit',
  ApprovalsApproveTransfer = 'approvals.approve.transfer',
  ApprovalsApproveBulkTransfer = 'approvals.approve.bulk_transfer',
  ApprovalsApprovePayroll = 'approvals.approve.payroll',
  ApprovalsApproveAccountDebit = 'approvals.approve.account_debit',
  /** 振込先管理 / 請求先管理: the payees members register themselves (利用者登録口座). */
  PayeesManage = 'payees.manage',
  // 依頼 (事前登録口座 / 利用者登録口座 / 新規口座指定) per business (SPEC §14): a narrower grant than the bare
  // request permission, which covers all three. Built with payeeRequestPermission().
  ApprovalsRequestTransferRegistered = 'approvals.request.transfer.registered',
  ApprovalsRequestTransferUserRegistered = 'approvals.request.transfer.user_registered',
  ApprovalsRequestTransferNewAccount = 'approvals.request.transfer.new_account',
  ApprovalsRequestBulkTransferRegistered = 'approvals.request.bulk_transfer.registered',
  ApprovalsRequestBulkTransferUserRegistered = 'approvals.request.bulk_transfer.user_registered',
  ApprovalsRequestBulkTransferNewAccount = 'approvals.request.bulk_transfer.new_account',
  ApprovalsRequestPayrollRegistered = 'approvals.request.payroll.registered',
  ApprovalsRequestPayrollUserRegistered = 'approvals.request.payroll.user_registered',
  ApprovalsRequestPayrollNewAccount = 'approvals.request.payroll.new_account',
  ApprovalsRequestAccountDebitRegistered = 'approvals.request.account_debit.registered',
  ApprovalsRequestAccountDebitUserRegistered = 'approvals.request.account_debit.user_registered',
  ApprovalsRequestAccountDebitNewAccount = 'approvals.request.account_debit.new_account',
}

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

export const BUSINESS_TYPES = ['transfer', 'bulk_transfer', 'payroll', 'account_debit'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export function approvalPermission(kind: 'request' | 'approve', business: BusinessType): Permission {
  return `approvals.${kind}.${business}` as Permission;
}

/**
 * Where a request's payee comes from (SPEC §14, 001's permission screen): `registered` (事前登録口座, a payee the
 * company registered), `user_registered` (利用者登録口座, a payee a member registered), `new_account` (新規口座指定,
 * account details typed into the request).
 */
export const PAYEE_SOURCES = ['registered', 'user_registered', 'new_account'] as const;
export type PayeeSource = (typeof PAYEE_SOURCES)[number];

export function payeeRequestPermission(business: BusinessType, source: PayeeSource): Permission {
  return `approvals.request.${business}.${source}` as Permission;
}

/** What a manager (管理責任者) holds in their organization whatever their grants say (SPEC §1). */
export const MANAGER_IMPLICIT_PERMISSIONS: readonly Permission[] = [Permission.AuditRead];

export type PermissionScope = 'subtree' | null;
