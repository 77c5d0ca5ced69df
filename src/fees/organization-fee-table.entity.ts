import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { FeeMethod, FeeRow, FeeTableKind } from './fee-types';
import { yenColumn } from './money';

/**
 * One version of one of an organization's fee tables (SPEC §6). Every change adds a version (who, when, effective
 * from); the version in effect on a business date is the latest `effectiveFrom` on or before it.
 */
@Entity('organization_fee_tables')
@Index('ux_organization_fee_tables_revision', ['organizationId', 'kind', 'revision'], { unique: true })
@Index('ix_organization_fee_tables_effective', ['organizationId', 'kind', 'effectiveFrom'])
export class OrganizationFeeTable {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: FeeTableKind;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ name: 'effective_from', type: 'varchar', length: 10 })
  effectiveFrom!: string;

  /** 使用する（常に最新の基準手数料を使用する）: the rows are those of the standard in effect on the date. */
  @Column({ name: 'use_standard', type: 'boolean', default: true })
  useStandard!: boolean;

  /** 手数料計算方法 (payee-borne bulk only). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  method!: FeeMethod | null;

  /** 適用最低支払金額 (payee-borne tables only). */
  @Column({ name: 'minimum_payment_amount', type: 'bigint', nullable: true, transformer: yenColumn })
  minimumPaymentAmount!: number | null;

  /** The organization's own rows; null when following the standard. */
  @Column({ type: 'simple-json', nullable: true })
  rows!: FeeRow[] | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
