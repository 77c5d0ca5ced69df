import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { FeeRowDto } from './fee-row.dto';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `POST /fees/standard`: a new version of the standard fee table (基準手数料). */
export class CreateStandardFeeDto {
  /** Business date (YYYY-MM-DD, APP_TIMEZONE) from which the version applies: today or later. */
  @ApiProperty({ example: '2026-04-01' })
  @IsString()
  @Matches(DATE_PATTERN, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom!: string;

  /** Bands for every pattern, from 0, contiguous, the last open (`to` null). */
  @ApiProperty({ type: [FeeRowDto] })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => FeeRowDto)
  rows!: FeeRowDto[];
}
