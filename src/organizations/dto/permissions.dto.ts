import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { Permission } from '@kanri/access/permission';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';

export class GrantDto {
  @IsEnum(Permission)
  permission!: Permission;

  /** Only for `users.manage`: `subtree` limits it to the holder's group and its descendants (所属配下ユーザーのみ管理する). */
  @ApiPropertyOptional({ enum: ['subtree'], nullable: true })
  @IsOptional()
  @IsIn(['subtree'], { message: 'scope must be subtree or null' })
  scope?: 'subtree' | null;
}

/** `PUT .../users/:userId/permissions`: the member's complete set of grants in this organization. */
export class ReplacePermissionsDto extends ConfirmedDto {
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => GrantDto)
  permissions!: GrantDto[];
}
