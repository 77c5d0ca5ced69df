import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** 預金種目: 普通 / 当座 / 貯蓄 (the values of company accounts, src/approvals). */
export const PAYEE_ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export type PayeeAccountType = (typeof PAYEE_ACCOUNT_TYPES)[number];

/** 振込先 (a payee of transfers) or 請求先 (a payer of account debits, 口座振替). */
export const PAYEE_KINDS = ['transfer', 'debit'] as const;
export type PayeeRegisterKind = (typeof PAYEE_KINDS)[number];

/** 事前登録口座 (registered by the company) or 利用者登録口座 (registered by a member). */
export const PAYEE_REGISTRATIONS = ['registered', 'user_registered'] as const;
export type PayeeRegistration = (typeof PAYEE_REGISTRATIONS)[number];

/**
 * One entry of an organization's payee register (振込先管理 / 請求先管理, SPEC §14). Bank, branch, type and number
 * identify it within its organization and kind (unique index); the kana name is in the Zengin character set.
 */
@Entity('payees')
@Index(
  'ux_payees_account',
  ['organizationId', 'kind', 'bankCode', 'branchCode', 'accountType', 'accountNumber'],
  { unique: true },
)
export class Payee {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: PayeeRegisterKind;

  @Column({ type: 'varchar', length: 16 })
  registration!: PayeeRegistration;

  /** 金融機関コード (4 digits). */
  @Column({ name: 'bank_code', type: 'varchar', length: 4 })
  bankCode!: string;

  /** 金融機関名 (half-width kana, as on a Zengin record). */
  @Column({ name: 'bank_name', type: 'varchar', length: 15, nullable: true })
  bankName!: string | null;

  /** 支店コード (3 digits). */
  @Column({ name: 'branch_code', type: 'varchar', length: 3 })
  branchCode!: string;

  @Column({ name: 'branch_name', type: 'varchar', length: 15, nullable: true })
  branchName!: string | null;

  @Column({ name: 'account_type', type: 'varchar', length: 16 })
  accountType!: PayeeAccountType;

  /** 口座番号 (7 digits). */
  @Column({ name: 'account_number', type: 'varchar', length: 7 })
  accountNumber!: string;

  /** 受取人名 in the Zengin character set, up to 30 half-width characters. */
  @Column({ name: 'name_kana', type: 'varchar', length: 30 })
  nameKana!: string;

  /** グループ: a label members sort payees by (e.g. 仕入先). */
  @Column({ name: 'group_name', type: 'varchar', length: 40, nullable: true })
  groupName!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
