import { Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** 利用可能口座 (SPEC §4, §5): a company account a user may draw requests on. */
@Entity('user_usable_accounts')
@Index('ix_user_usable_accounts_account', ['organizationId', 'accountId'])
@Index('ix_user_usable_accounts_user', ['userId'])
export class UserUsableAccount {
  @PrimaryColumn({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
