import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';
import { DATE_PATTERN } from '../../dto/user-fields.dto';
import { PER_PAGE_CHOICES } from '../../dto/list-accounts.query';

/** `PUT .../users/:userId/usage-stop-date` (利用停止日の設定). */
export class UsageStopDateDto {
  /** The last day the user can sign in (YYYY-MM-DD, today or later in APP_TIMEZONE), or null to clear. */
  @ApiProperty({ nullable: true, example: '2026-03-31' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD or null' })
  date!: string | null;
}

/** `GET .../users/usage-stop-dates` (ユーザー利用停止日一覧). */
export class UsageStopDatesQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ enum: PER_PAGE_CHOICES, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsIn(PER_PAGE_CHOICES)
  perPage?: number;

  /** Only users with a stop date, soonest first (otherwise every member, login ID order). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  scheduledOnly?: boolean;
}
