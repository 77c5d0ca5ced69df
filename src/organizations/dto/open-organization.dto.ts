import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CreateAccountDto } from '../../users/dto/create-account.dto';
import { CreateOrganizationDto } from './organization.dto';

/** The organization's first manager (管理責任者): a new account that must change its password at first sign-in. */
export class FirstManagerDto extends OmitType(CreateAccountDto, ['password', 'mustChangePassword'] as const) {
  /**
   * 初期パスワード, checked against the default password policy. Leave it out and Kanri draws one and answers it
   * once, in `initialPassword`; either way the manager must change it at first sign-in.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  password?: string;
}

/** `POST /system/organizations` (system operator): an organization together with its first manager. */
export class OpenOrganizationDto extends CreateOrganizationDto {
  /** 契約プランのユーザー登録上限 (at least 1: the manager is a member); null or left out = unlimited. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  planUserLimit?: number | null;

  /** The first manager's account. */
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => FirstManagerDto)
  manager!: FirstManagerDto;
}
