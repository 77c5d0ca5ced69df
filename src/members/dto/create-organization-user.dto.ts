import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { GrantDto } from '../../organizations/dto/permissions.dto';
import { DATE_PATTERN, LOGIN_ID_PATTERN, UserProfileFields } from '../../users/dto/user-fields.dto';
import { AttributesField } from './user-admin-fields';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

/**
 * `POST /organizations/:orgId/users` (ユーザー作成, confirm). `confirmationPassword` is the caller's, as on every
 * confirm operation; the new user sets their own confirmation password (at invitation or later).
 */
export class CreateOrganizationUserDto extends IntersectionType(UserProfileFields, ConfirmedDto) {
  /** 6–12 half-width letters and digits, at least one of each; unique system-wide; case-sensitive. */
  @IsString()
  @Matches(LOGIN_ID_PATTERN, {
    message: 'loginId must be 6-12 half-width letters and digits with at least one of each',
  })
  loginId!: string;

  /** Required unless `provisional`; checked against the organization's password policy. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  password?: string;

  /** 仮登録: no password; an invitation mail lets the user set one (needs `email`). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  provisional?: boolean;

  /** グループ of this organization; a subtree-scoped administrator must pick one inside their subtree. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string;

  @AttributesField()
  attributes?: string[];

  /** 権限: grants in this organization, applied with the rules of the permissions screen. */
  @ApiPropertyOptional({ type: [GrantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  permissions?: GrantDto[];

  /** 利用停止日 (YYYY-MM-DD, today or later); managers only. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'usageStopDate must be YYYY-MM-DD' })
  usageStopDate?: string;
}
