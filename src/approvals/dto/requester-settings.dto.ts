import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { YEN_15_DIGITS } from '../../fees/money';

/** 利用者一回当たり限度額 per business: integer yen up to 15 digits; absent or null = no per-user limit. */
export class TransactionLimitsDto {
  /** 振込振替. */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  transfer?: number | null;

  /** 総合振込. */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  bulk_transfer?: number | null;

  /** 給与・賞与振込. */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  payroll?: number | null;

  /** 口座振替. */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  account_debit?: number | null;
}

/** `PUT .../users/:userId/transaction-limits`: replaces the user's limits (confirm). */
export class PutTransactionLimitsDto extends ConfirmedDto {
  @ApiProperty({ type: TransactionLimitsDto })
  // Without @IsObject a missing map passed (ValidateNested skips undefined) and an array passed element-wise.
  @IsObject()
  @ValidateNested()
  @Type(() => TransactionLimitsDto)
  limits!: TransactionLimitsDto;
}

/** `PUT .../users/:userId/usable-accounts`: replaces the user's usable accounts (利用可能口座, confirm). */
export class PutUsableAccountsDto extends ConfirmedDto {
  /** Ids of the organization's company accounts; an unknown id answers 404. */
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  accountIds!: string[];
}
