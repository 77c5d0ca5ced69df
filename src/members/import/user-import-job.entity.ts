import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

export type ImportJobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** One CSV import (SPEC §4 インポート): its progress, readable from any instance. */
@Entity('user_import_jobs')
@Index('ix_user_import_jobs_org', ['organizationId', 'createdAt'])
export class UserImportJob {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 36 })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: ImportJobState;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  processed!: number;

  @Column({ name: 'created_count', type: 'int', default: 0 })
  createdCount!: number;

  @Column({ name: 'updated_count', type: 'int', default: 0 })
  updatedCount!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  /** JSON `[{line, field, message}]`. */
  @Column({ type: 'text', nullable: true })
  errors!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /** Also the heartbeat of a running job. */
  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
