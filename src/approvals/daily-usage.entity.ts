import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import { yenColumn } from '../fees/money';

/**
 * What one limit scope has used on one business date (SPEC §5 "Daily sums count requests that are pending or
 * approved"). `reserved` counts pending and approved requests and is what new requests are checked against;
 * `approved` counts approved requests only and is what the final approval re-checks. Scope keys:
 * `account:<id>:transfer_total`, `account:<id>:ad_hoc`, `account:<id>:registered`, `company:<kind>`.
 */
@Entity('approval_daily_usage')
export class DailyUsage {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @PrimaryColumn({ name: 'scope_key', type: 'varchar', length: 80 })
  scopeKey!: string;

  @PrimaryColumn({ name: 'business_date', type: 'varchar', length: 10 })
  businessDate!: string;

  @Column({ name: 'reserved_amount', type: 'bigint', default: 0, transformer: yenColumn })
  reservedAmount!: number;

  @Column({ name: 'approved_amount', type: 'bigint', default: 0, transformer: yenColumn })
  approvedAmount!: number;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
