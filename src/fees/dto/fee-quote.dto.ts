import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BUSINESS_TYPES, type BusinessType } from '@kanri/access/permission';
import { FEE_BEARERS, type FeeBearer, TRANSFER_PATTERNS, type TransferPattern } from '../fee-types';
import { YEN_15_DIGITS } from '../money';
import { DATE_PATTERN } from './standard-fee.dto';

/** `POST /organizations/:orgId/fees/quote`. */
export class FeeQuoteDto {
  /** 業務: transfer (振込振替), bulk_transfer (総合振込), payroll (給与・賞与振込); account_debit has no transfer fee. */
  @ApiProperty({ enum: BUSINESS_TYPES })
  @IsIn(BUSINESS_TYPES)
  businessType!: BusinessType;

  /** 振込パターン. */
  @ApiProperty({ enum: TRANSFER_PATTERNS })
  @IsIn(TRANSFER_PATTERNS)
  pattern!: TransferPattern;

  /** The payment amount P in yen (支払金額), 1 to 15 digits. */
  @ApiProperty({ minimum: 1, maximum: YEN_15_DIGITS })
  @IsInt()
  @Min(1)
  @Max(YEN_15_DIGITS)
  amount!: number;

  /** `payee` (先方負担: deducted from the payment) or `payer` (当方負担). */
  @ApiProperty({ enum: FEE_BEARERS })
  @IsIn(FEE_BEARERS)
  bearer!: FeeBearer;

  /** Business date whose tables price the transfer (default today); requests use their execution date. */
  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}
