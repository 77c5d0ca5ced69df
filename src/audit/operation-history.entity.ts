import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import { bigintAsNumber } from './bigint-number';

/**
 * One operation (操作履歴, SPEC §9): an API call that read or changed data, refused and failed ones included.
 * Rows are only ever inserted (and trimmed from the old end by the retention job); see audit-chain.ts for the hash
 * chain that makes an edit visible.
 */
@Entity('operation_history')
@Index('ux_operation_history_chain_seq', ['chain', 'seq'], { unique: true })
@Index('ix_operation_history_org_time', ['organizationId', 'occurredAt', 'id'])
@Index('ix_operation_history_org_login_time', ['organizationId', 'operatorLoginId', 'occurredAt', 'id'])
@Index('ix_operation_history_operator_time', ['operatorUserId', 'occurredAt'])
export class OperationHistory {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The organization id, or `system` for rows that belong to no organization. */
  @Column({ type: 'varchar', length: 36 })
  chain!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  seq!: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36, nullable: true })
  organizationId!: string | null;

  /** search | register | update | delete | export (操作種別, labels in screen.decorator.ts). */
  @Column({ type: 'varchar', length: 8 })
  operation!: string;

  /** 画面名 as the route declares it with `@Screen`. */
  @Column({ type: 'varchar', length: 64 })
  screen!: string;

  @Column({ name: 'http_method', type: 'varchar', length: 8 })
  httpMethod!: string;

  /** The route pattern, e.g. `/api/v1/organizations/:orgId/users/:userId` (ids are in `details`). */
  @Column({ type: 'varchar', length: 255 })
  route!: string;

  @Column({ name: 'operator_user_id', type: 'varchar', length: 36, nullable: true })
  operatorUserId!: string | null;

  /** 操作者ID: the operator's login ID at the time (`system` for scheduled jobs; null when unauthenticated). */
  @Column({ name: 'operator_login_id', type: 'varchar', length: 64, nullable: true })
  operatorLoginId!: string | null;

  /** 部署・職名 of the operator at the time of the operation (a snapshot, not a reference). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  department!: string | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  /** success | failure | refused (refused: 401, 403 or 404, whether a guard or the handler decided). */
  @Column({ type: 'varchar', length: 8 })
  outcome!: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  /** 詳細: route parameters, query conditions and body fields as JSON, secrets masked (audit-masking.ts). */
  @Column({ type: 'text', nullable: true })
  details!: string | null;
}
