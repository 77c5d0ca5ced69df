import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransferPattern } from '../fees/fee-types';
import { yenColumn } from '../fees/money';
import type { ZenginDataRecord } from '../transfers/zengin/zengin-file';

/**
 * One payee line of a batch request, with the Zengin data record's fields as the file had them (so the batch
 * writes back as the same file) and its own fee (SPEC §6 per line).
 */
@Entity('approval_request_lines')
export class RequestLine {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  /** 1-based, in file / entry order. */
  @PrimaryColumn({ name: 'line_no', type: 'int' })
  lineNo!: number;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'bank_code', type: 'varchar', length: 4 })
  bankCode!: string;

  @Column({ name: 'bank_name', type: 'varchar', length: 15 })
  bankName!: string;

  @Column({ name: 'branch_code', type: 'varchar', length: 3 })
  branchCode!: string;

  @Column({ name: 'branch_name', type: 'varchar', length: 15 })
  branchName!: string;

  @Column({ name: 'clearing_house_code', type: 'varchar', length: 4 })
  clearingHouseCode!: string;

  /** Zengin 預金種目: 1 普通, 2 当座, 4 貯蓄, 9 その他. */
  @Column({ name: 'account_type', type: 'varchar', length: 1 })
  accountType!: ZenginDataRecord['accountType'];

  @Column({ name: 'account_number', type: 'varchar', length: 7 })
  accountNumber!: string;

  /** 受取人名 in half-width Zengin characters. */
  @Column({ name: 'payee_name', type: 'varchar', length: 30 })
  payeeName!: string;

  @Column({ type: 'bigint', transformer: yenColumn })
  amount!: number;

  @Column({ name: 'new_code', type: 'varchar', length: 1 })
  newCode!: ZenginDataRecord['newCode'];

  @Column({ name: 'customer_code1', type: 'varchar', length: 10 })
  customerCode1!: string;

  @Column({ name: 'customer_code2', type: 'varchar', length: 10 })
  customerCode2!: string;

  @Column({ name: 'transfer_category', type: 'varchar', length: 1 })
  transferCategory!: ZenginDataRecord['transferCategory'];

  @Column({ type: 'varchar', length: 1 })
  identification!: ZenginDataRecord['identification'];

  @Column({ name: 'transfer_pattern', type: 'varchar', length: 16 })
  transferPattern!: TransferPattern;

  @Column({ name: 'deducted_fee', type: 'bigint', transformer: yenColumn })
  deductedFee!: number;

  @Column({ name: 'transfer_amount', type: 'bigint', transformer: yenColumn })
  transferAmount!: number;

  @Column({ name: 'actual_fee', type: 'bigint', transformer: yenColumn })
  actualFee!: number;

  @Column({ name: 'fee_difference', type: 'bigint', transformer: yenColumn })
  feeDifference!: number;
}
