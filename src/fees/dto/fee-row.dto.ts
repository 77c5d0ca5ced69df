import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { FEE_MAX, TRANSFER_PATTERNS, type TransferPattern } from '../fee-types';
import { YEN_15_DIGITS } from '../money';

/** One band of a fee table: payments of at least `from` and below `to` sent with `pattern` cost `fee` yen. */
export class FeeRowDto {
  /** Lower bound of the band in yen (inclusive). */
  @ApiProperty({ minimum: 0, maximum: YEN_15_DIGITS })
  @IsInt()
  @Min(0)
  @Max(YEN_15_DIGITS)
  from!: number;

  /** Upper bound in yen (exclusive); null = no upper bound (the last band). Required: null, not absent. */
  @ApiProperty({ nullable: true, minimum: 1, maximum: YEN_15_DIGITS })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(YEN_15_DIGITS)
  to!: number | null;

  /** 振込パターン. */
  @ApiProperty({ enum: TRANSFER_PATTERNS })
  @IsIn(TRANSFER_PATTERNS)
  pattern!: TransferPattern;

  /** Fee in yen. */
  @ApiProperty({ minimum: 0, maximum: FEE_MAX })
  @IsInt()
  @Min(0)
  @Max(FEE_MAX)
  fee!: number;
}
