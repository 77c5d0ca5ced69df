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
}

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

export const BUSINESS_TYPES = ['transfer', 'bulk_transfer', 'payroll', 'account_debit'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export function approvalPermission(kind: 'request' | 'approve', business: BusinessType): Permission {
  return `approvals.${kind}.${business}` as Permission;
}

/** What a manager (管理責任者) holds in their organization whatever their grants say (SPEC §1). */
export const MANAGER_IMPLICIT_PERMISSIONS: readonly Permission[] = [Permission.AuditRead];

export type PermissionScope = 'subtree' | null;
