import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { FEE_BEARERS, type FeeBearer, TRANSFER_PATTERNS, type TransferPattern } from '../../fees/fee-types';
import { RequestHeadDto } from './request.dto';
import {
  BATCH_BUSINESSES,
  type BatchBusiness,
  LINE_ACCOUNT_TYPES,
  type LineAccountType,
  MAX_BATCH_LINES,
} from '../batch-rules';

/** The largest amount a Zengin data record holds (振込金額 N10). */
export const LINE_AMOUNT_MAX = 9_999_999_999;

/** One payee line of a batch (振込明細). */
export class BatchLineDto {
  /** 金融機関コード (4 digits). */
  @ApiProperty({ example: '0005' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'bankCode must be 4 digits' })
  bankCode!: string;

  /** 金融機関名 in Zengin characters (full-width input is converted), up to 15. */
  @ApiPropertyOptional({ example: 'ﾐﾂﾋﾞｼ' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  bankName?: string;

  /** 店番 (3 digits). */
  @ApiProperty({ example: '001' })
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode!: string;

  @ApiPropertyOptional({ example: 'ﾏﾙﾉｳﾁ' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  branchName?: string;

  /** 預金種目. */
  @ApiProperty({ enum: LINE_ACCOUNT_TYPES })
  @IsIn(LINE_ACCOUNT_TYPES)
  accountType!: LineAccountType;

  /** 口座番号 (7 digits). */
  @ApiProperty({ example: '1234567' })
  @IsString()
  @Matches(/^\d{7}$/, { message: 'accountNumber must be 7 digits' })
  accountNumber!: string;

  /** 受取人名 (カナ): full-width katakana and letters are converted to the Zengin set; at most 30 after that. */
  @ApiProperty({ example: 'ヤマダ タロウ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  payeeNameKana!: string;

  /** 振込金額 in yen, 1 … 9,999,999,999 (the Zengin field's 10 digits). */
  @ApiProperty({ minimum: 1, maximum: LINE_AMOUNT_MAX })
  @IsInt()
  @Min(1)
  @Max(LINE_AMOUNT_MAX)
  amount!: number;

  /** 振込パターン: prices the line's fee. */
  @ApiProperty({ enum: TRANSFER_PATTERNS })
  @IsIn(TRANSFER_PATTERNS)
  pattern!: TransferPattern;

  /** 顧客コード1 (up to 10 digits). */
  @ApiPropertyOptional({ example: '0000000001' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,10}$/, { message: 'customerCode1 must be up to 10 digits' })
  customerCode1?: string;

  /** 顧客コード2 (up to 10 digits). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,10}$/, { message: 'customerCode2 must be up to 10 digits' })
  customerCode2?: string;
}

/**
 * `POST /organizations/:orgId/requests/batches`: a batch keyed in on screen (`feeBearer: payee`, 先方負担, is for bulk
 * transfers only).
 */
export class CreateBatchDto extends RequestHeadDto {
  @ApiProperty({ enum: BATCH_BUSINESSES })
  @IsIn(BATCH_BUSINESSES)
  businessType!: BatchBusiness;

  /** 1 … 9,999 lines. */
  @ApiProperty({ type: [BatchLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_LINES)
  @ValidateNested({ each: true })
  @Type(() => BatchLineDto)
  lines!: BatchLineDto[];
}

/**
 * `POST /organizations/:orgId/requests/import` (multipart): the Zengin `file`, the confirmation password, and the
 * approvers as a comma-separated list (multipart fields are text).
 */
export class ImportBatchForm extends ConfirmedDto {
  /** Approver ids in order, comma-separated (empty for mode `none`). */
  @ApiPropertyOptional({ example: 'id1,id2' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  approverIds?: string;

  /** `payer` (当方負担, the default) or `payee` (先方負担, bulk transfers only). */
  @ApiPropertyOptional({ enum: FEE_BEARERS, default: 'payer' })
  @IsOptional()
  @IsIn(FEE_BEARERS)
  feeBearer?: FeeBearer;
}
