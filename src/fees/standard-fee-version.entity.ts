import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { FeeRow } from './fee-types';

/**
 * One version of the standard fee table (基準手数料, SPEC §6), kept by the system operator. The version in effect on
 * a business date is the one with the latest `effectiveFrom` on or before it (the highest revision among equals).
 */
@Entity('standard_fee_versions')
@Index('ix_standard_fee_versions_effective', ['effectiveFrom', 'revision'])
export class StandardFeeVersion {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** 1, 2, 3… in order of creation. */
  @Column({ type: 'int', unique: true })
  revision!: number;

  /** Business date (APP_TIMEZONE) from which this version prices transfers. */
  @Column({ name: 'effective_from', type: 'varchar', length: 10 })
  effectiveFrom!: string;

  @Column({ type: 'simple-json' })
  rows!: FeeRow[];

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /** When the switch-over job recorded that this version took effect (null: not yet, or not yet recorded). */
  @DateTimeColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;
}
