import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { BusinessType, PayeeSource } from '@kanri/access/permission';
import type { FeeBearer, TransferPattern } from '../fees/fee-types';
import { yenColumn } from '../fees/money';
import type { ApprovalMode } from '../organizations/organization-settings';
import type { AccountType } from './company-account.entity';
import type { RequestStatus } from './request-state-policy';

/** 都度指定 (a payee typed in for this request) or 事前登録 (a payee registered in advance). */
export const PAYEE_KINDS = ['ad_hoc', 'registered'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

/** 給与 or 賞与: payroll requests count against the salary or the bonus company limit. */
export const PAYROLL_KINDS = ['salary', 'bonus'] as const;
export type PayrollKind = (typeof PAYROLL_KINDS)[number];

/** Who receives the money, as the requester entered it. */
export interface PayeeDetails {
  /** 受取人名. */
  name: string;
  bankCode: string | null;
  branchCode: string | null;
  accountType: AccountType | null;
  accountNumber: string | null;
  /** The register entry the payee came from (SPEC §14); absent on requests made before the register. */
  payeeId?: string | null;
  /** 事前登録口座 / 利用者登録口座 / 新規口座指定: which request permission it needed. */
  source?: PayeeSource;
}

/**
 * A request (依頼, SPEC §5). The approval mode is the one in force when it was made, so a settings change never
 * rewrites the rules of requests already waiting. The fee figures are those quoted at creation (SPEC §6).
 */
@Entity('approval_requests')
@Index('ix_approval_requests_requester', ['organizationId', 'requesterId', 'createdAt'])
@Index('ix_approval_requests_org', ['organizationId', 'createdAt'])
@Index('ix_approval_requests_stale', ['status', 'executionDate'])
@Index('ix_approval_requests_account', ['organizationId', 'accountId', 'status'])
export class ApprovalRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'business_type', type: 'varchar', length: 16 })
  businessType!: BusinessType;

  @Column({ name: 'payroll_kind', type: 'varchar', length: 8, nullable: true })
  payrollKind!: PayrollKind | null;

  @Column({ name: 'requester_id', type: 'varchar', length: 36 })
  requesterId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The payment amount in yen (支払金額); what the daily limits count. */
  @Column({ type: 'bigint', transformer: yenColumn })
  amount!: number;

  @Column({ type: 'simple-json' })
  payee!: PayeeDetails;

  @Column({ name: 'payee_kind', type: 'varchar', length: 16 })
  payeeKind!: PayeeKind;

  @Column({ name: 'transfer_pattern', type: 'varchar', length: 16 })
  transferPattern!: TransferPattern;

  /** 振込指定日 (business date); the daily limits of this date count the request. */
  @Column({ name: 'execution_date', type: 'varchar', length: 10 })
  executionDate!: string;

  @Column({ name: 'approval_mode', type: 'varchar', length: 20 })
  approvalMode!: ApprovalMode;

  @Column({ type: 'varchar', length: 16 })
  status!: RequestStatus;

  @Column({ name: 'fee_bearer', type: 'varchar', length: 8, nullable: true })
  feeBearer!: FeeBearer | null;

  @Column({ name: 'deducted_fee', type: 'bigint', nullable: true, transformer: yenColumn })
  deductedFee!: number | null;

  @Column({ name: 'transfer_amount', type: 'bigint', nullable: true, transformer: yenColumn })
  transferAmount!: number | null;

  @Column({ name: 'actual_fee', type: 'bigint', nullable: true, transformer: yenColumn })
  actualFee!: number | null;

  @Column({ name: 'fee_difference', type: 'bigint', nullable: true, transformer: yenColumn })
  feeDifference!: number | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 200, nullable: true })
  rejectReason!: string | null;

  /** Who ended the request (the last approver, the rejecter, the requester who withdrew); null for expiry. */
  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy!: string | null;

  @DateTimeColumn({ name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
