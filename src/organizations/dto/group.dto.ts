import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

export const GROUP_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export class CreateGroupDto {
  /** グループコード: 1–32 half-width letters, digits, `-` or `_`; unique within the organization. */
  @IsString()
  @Matches(GROUP_CODE_PATTERN, { message: 'code must be 1-32 half-width letters, digits, - or _' })
  code!: string;

  /** グループ名, up to 100 characters. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** The parent group; absent or null for a top-level group. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID('all')
  parentId?: string | null;
}

export class UpdateGroupDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(GROUP_CODE_PATTERN, { message: 'code must be 1-32 half-width letters, digits, - or _' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** Moves the group (with its subtree) under another group; null makes it top-level. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsUUID('all')
  parentId?: string | null;
}
