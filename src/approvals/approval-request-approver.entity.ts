import { Entity, Index, PrimaryColumn, Column } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** A named approver of a request, in order (position 1, 2); `approvedAt` once they approved. */
@Entity('approval_request_approvers')
@Index('ux_approval_request_approvers_user', ['requestId', 'approverId'], { unique: true })
@Index('ix_approval_request_approvers_awaiting', ['organizationId', 'approverId', 'approvedAt'])
export class ApprovalRequestApprover {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @PrimaryColumn({ type: 'int' })
  position!: number;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'approver_id', type: 'varchar', length: 36 })
  approverId!: string;

  @DateTimeColumn({ name: 'approved_at', nullable: true })
  approvedAt!: Date | null;
}
