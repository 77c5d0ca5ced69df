import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { YEN_15_DIGITS } from '../../fees/money';
import { ACCOUNT_TYPES, type AccountType } from '../company-account.entity';

/** 口座一日当たりの限度額 (SPEC §5): integer yen, up to 15 digits; null = no limit. */
export class AccountDailyLimitsDto {
  /** 振込振替(合計). */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  transferTotal?: number | null;

  /** 振込振替(都度指定). */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  adHocPayee?: number | null;

  /** 振込振替(事前登録). */
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  registeredPayee?: number | null;
}

/** `POST /organizations/:orgId/accounts` (company.manage, confirm). */
export class CreateCompanyAccountDto extends ConfirmedDto {
  /** 店番: 3 digits. */
  @ApiProperty({ example: '081' })
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode!: string;

  /** 支店名. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(30)
  branchName?: string | null;

  /** 科目: `ordinary` (普通), `current` (当座), `savings` (貯蓄). */
  @ApiProperty({ enum: ACCOUNT_TYPES })
  @IsIn(ACCOUNT_TYPES)
  accountType!: AccountType;

  /** 口座番号: 7 digits. */
  @ApiProperty({ example: '0253226' })
  @IsString()
  @Matches(/^\d{7}$/, { message: 'accountNumber must be 7 digits' })
  accountNumber!: string;

  /** 口座名義. */
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(48)
  accountName!: string;

  /** Absent limits are not set (no limit). */
  @ApiPropertyOptional({ type: AccountDailyLimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccountDailyLimitsDto)
  dailyLimits?: AccountDailyLimitsDto;
}

/** `PATCH /organizations/:orgId/accounts/:accountId` (company.manage, confirm): only the fields present change. */
export class UpdateCompanyAccountDto extends ConfirmedDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(30)
  branchName?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(48)
  accountName?: string;

  /** Present limits change (null removes one); absent ones stay. */
  @ApiPropertyOptional({ type: AccountDailyLimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AccountDailyLimitsDto)
  dailyLimits?: AccountDailyLimitsDto;
}
