import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FEE_METHODS, type FeeMethod } from '../fee-types';
import { YEN_15_DIGITS } from '../money';
import { FeeRowDto } from './fee-row.dto';
import { DATE_PATTERN } from './standard-fee.dto';

/** `PUT /organizations/:orgId/fees/{kind}`: a new version of one of the organization's fee tables. */
export class PutOrganizationFeeTableDto {
  /** 使用する（常に最新の基準手数料を使用する）: follow the standard table; `rows` must then be absent or empty. */
  @ApiProperty()
  @IsBoolean()
  useStandard!: boolean;

  /** 手数料計算方法, for 先方負担手数料[総合振込] only (default `fixed`, 据置型). */
  @ApiPropertyOptional({ enum: FEE_METHODS })
  @IsOptional()
  @IsIn(FEE_METHODS)
  method?: FeeMethod;

  /** 適用最低支払金額, for the payee-borne tables only: below it nothing is deducted (default 0). */
  @ApiPropertyOptional({ minimum: 0, maximum: YEN_15_DIGITS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  minimumPaymentAmount?: number;

  /** The organization's own bands (when `useStandard` is false): from 0, contiguous, the last open. */
  @ApiPropertyOptional({ type: [FeeRowDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => FeeRowDto)
  rows?: FeeRowDto[];

  /** Business date from which this version applies: today (the default) or later. */
  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE_PATTERN, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom?: string;
}

/** `?date=` on fee table reads: which business date to resolve the table for (default today). */
export class FeeDateQuery {
  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @IsString()
  @Matches(DATE_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}
