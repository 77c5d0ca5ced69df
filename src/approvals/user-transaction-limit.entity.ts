import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { BusinessType } from '@kanri/access/permission';
import { yenColumn } from '../fees/money';

/** 利用者一回当たり限度額 (SPEC §4, §5): a user's limit per request for one business; no row = no per-user limit. */
@Entity('user_transaction_limits')
@Index('ix_user_transaction_limits_user', ['userId'])
export class UserTransactionLimit {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'business_type', type: 'varchar', length: 16 })
  businessType!: BusinessType;

  @Column({ name: 'limit_amount', type: 'bigint', transformer: yenColumn })
  limitAmount!: number;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
