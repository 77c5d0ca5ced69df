import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import { yenColumn } from '../fees/money';

/** 普通 / 当座 / 貯蓄. */
export const ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/**
 * A company account (SPEC §5) with its daily limits for transfers (口座一日当たりの限度額: 振込振替(合計) /
 * (都度指定) / (事前登録)), integer yen up to 15 digits; null = no limit. The row is also the lock that serializes
 * the daily-limit checks of requests drawing on the account.
 */
@Entity('company_accounts')
@Index('ux_company_accounts_number', ['organizationId', 'branchCode', 'accountType', 'accountNumber'], {
  unique: true,
})
export class CompanyAccount {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** 店番 (3 digits). */
  @Column({ name: 'branch_code', type: 'varchar', length: 3 })
  branchCode!: string;

  /** 支店名. */
  @Column({ name: 'branch_name', type: 'varchar', length: 30, nullable: true })
  branchName!: string | null;

  /** 科目. */
  @Column({ name: 'account_type', type: 'varchar', length: 16 })
  accountType!: AccountType;

  /** 口座番号 (7 digits). */
  @Column({ name: 'account_number', type: 'varchar', length: 7 })
  accountNumber!: string;

  /** 口座名義. */
  @Column({ name: 'account_name', type: 'varchar', length: 48 })
  accountName!: string;

  /** 振込振替(合計). */
  @Column({ name: 'transfer_total_limit', type: 'bigint', nullable: true, transformer: yenColumn })
  transferTotalLimit!: number | null;

  /** 振込振替(都度指定). */
  @Column({ name: 'ad_hoc_limit', type: 'bigint', nullable: true, transformer: yenColumn })
  adHocLimit!: number | null;

  /** 振込振替(事前登録). */
  @Column({ name: 'registered_limit', type: 'bigint', nullable: true, transformer: yenColumn })
  registeredLimit!: number | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
