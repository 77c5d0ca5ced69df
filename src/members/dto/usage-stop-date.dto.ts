import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateIf } from 'class-validator';
import { DATE_PATTERN } from '../../users/dto/user-fields.dto';

/** `PUT .../users/:userId/usage-stop-date` (利用停止日の設定). */
export class UsageStopDateDto {
  /** The last day the user can sign in (YYYY-MM-DD, today or later in APP_TIMEZONE), or null to clear. */
  @ApiProperty({ nullable: true, example: '2026-03-31' })
  @ValidateIf((_, v) => v !== null)
  @Matches(DATE_PATTERN, { message: 'date must be YYYY-MM-DD or null' })
  date!: string | null;
}

/** `GET .../users/usage-stop-dates` (ユーザー利用停止日一覧). */
export class UsageStopDatesQuery extends PageQuery {
  /** Only users with a stop date, soonest first (otherwise every member, login ID order). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  scheduledOnly?: boolean;
}
