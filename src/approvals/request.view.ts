import type { BusinessType } from '@kanri/access/permission';
import type { FeeBearer, TransferPattern } from '../fees/fee-types';
import type { ApprovalMode } from '../organizations/organization-settings';
import type { ApprovalRequestApprover } from './approval-request-approver.entity';
import type { ApprovalRequest, PayeeDetails, PayeeKind, PayrollKind } from './approval-request.entity';
import type { RequestStatus } from './request-state-policy';

export interface RequestView {
  id: string;
  businessType: BusinessType;
  payrollKind: PayrollKind | null;
  status: RequestStatus;
  /** The approval mode in force when the request was made. */
  approvalMode: ApprovalMode;
  requesterId: string;
  accountId: string;
  amount: number;
  payee: PayeeDetails & { kind: PayeeKind; pattern: TransferPattern };
  executionDate: string;
  /** In order; `approvedAt` once each approved. */
  approvers: { userId: string; position: number; approvedAt: string | null }[];
  /** The fee quoted at creation (fee-calculator.ts); null for account debits. */
  fee: {
    bearer: FeeBearer;
    deductedFee: number;
    transferAmount: number;
    actualFee: number;
    difference: number;
  } | null;
  rejectReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Login ID and name of the requester and the approvers by user id, in the answers of `GET` (list and one
   * request), so that screens show names rather than ids. A member who has left is absent.
   */
  people?: Record<string, RequestPerson>;
}

export interface RequestPerson {
  loginId: string;
  displayName: string;
}

export function toRequestView(r: ApprovalRequest, slots: readonly ApprovalRequestApprover[]): RequestView {
  return {
    id: r.id,
    businessType: r.businessType,
    payrollKind: r.payrollKind,
    status: r.status,
    approvalMode: r.approvalMode,
    requesterId: r.requesterId,
    accountId: r.accountId,
    amount: r.amount,
    payee: { ...r.payee, kind: r.payeeKind, pattern: r.transferPattern },
    executionDate: r.executionDate,
    approvers: [...slots]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({
        userId: s.approverId,
        position: s.position,
        approvedAt: s.approvedAt ? s.approvedAt.toISOString() : null,
      })),
    fee:
      r.feeBearer === null
        ? null
        : {
            bearer: r.feeBearer,
            deductedFee: r.deductedFee!,
            transferAmount: r.transferAmount!,
            actualFee: r.actualFee!,
            difference: r.feeDifference!,
          },
    rejectReason: r.rejectReason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
