import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * What the handling log records (取扱記録):
 * - `reveal`: one number shown (whose: record id, employee code, relation);
 * - `export`: numbers taken out as CSV (how many);
 * - `import`: records created or updated from a file (how many);
 * - `delete`: one record deleted;
 * - `retiree_purge`: retirees' records deleted after the retention period (how many);
 * - `purge`: every record of the organization deleted (how many);
 * - `document_upload`, `document_view`, `document_delete`: an ID document (番号確認書類・身元確認書類) of one record
 *   stored, shown or deleted (whose: the record's id, employee code, relation).
 */
export type HandlingAction =
  | 'reveal'
  | 'export'
  | 'import'
  | 'delete'
  | 'retiree_purge'
  | 'purge'
  | 'document_upload'
  | 'document_view'
  | 'document_delete';

/**
 * The handling log of individual numbers (特定個人情報の取扱記録): who revealed, exported, imported or deleted whose
 * numbers, when, and how many — never a number. Written in the same transaction as the operation-history row of
 * the request (or job run), which it complements with what the route alone cannot say (whose record, how many).
 * Rows are only ever inserted and outlive the records they describe: after a purge they are the proof of deletion.
 */
@Entity('personal_number_handling_log')
@Index('ix_pn_handling_log_org_time', ['organizationId', 'occurredAt', 'id'])
export class HandlingLogEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ type: 'varchar', length: 24 })
  action!: HandlingAction;

  @Column({ name: 'record_id', type: 'varchar', length: 36, nullable: true })
  recordId!: string | null;

  @Column({ name: 'employee_code', type: 'varchar', length: 32, nullable: true })
  employeeCode!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  relation!: string | null;

  /** Records concerned (1 for a reveal or delete). */
  @Column({ name: 'record_count', type: 'int', default: 0 })
  recordCount!: number;

  /** Null for the system (scheduled jobs). */
  @Column({ name: 'operator_user_id', type: 'varchar', length: 36, nullable: true })
  operatorUserId!: string | null;

  /** The operator's login ID at the time, or `system`. */
  @Column({ name: 'operator_login_id', type: 'varchar', length: 64, nullable: true })
  operatorLoginId!: string | null;

  /** The request id (X-Request-Id), shared with the request's operation-history row. */
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;
}
