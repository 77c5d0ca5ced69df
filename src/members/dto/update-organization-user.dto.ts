import { ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { DATE_PATTERN, LOGIN_ID_PATTERN, UserProfileFields } from '../../users/dto/user-fields.dto';
import { AttributesField } from './user-admin-fields';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

/**
 * `PATCH /organizations/:orgId/users/:userId` (ユーザー更新, confirm). Only the fields present change; `null`
 * clears an optional field. Permissions change on their own screen (`PUT .../permissions`), the manager flag on the
 * managers screen, the provisional state through the invitation.
 */
export class UpdateOrganizationUserDto extends IntersectionType(
  PartialType(UserProfileFields),
  ConfirmedDto,
) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(LOGIN_ID_PATTERN, {
    message: 'loginId must be 6-12 half-width letters and digits with at least one of each',
  })
  loginId?: string;

  /** A new password set by the administrator (policy checked); the user's sessions end. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  password?: string;

  /** グループ, or null for none. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string | null;

  @AttributesField()
  attributes?: string[];

  /** 無効: a disabled user cannot sign in; their sessions end. Nobody disables themselves. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  /** 利用停止日 (YYYY-MM-DD, today or later) or null to clear; managers only. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(DATE_PATTERN, { message: 'usageStopDate must be YYYY-MM-DD' })
  usageStopDate?: string | null;
}
