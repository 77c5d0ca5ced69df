import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LOGIN_ID_PATTERN, UserProfileFields } from './user-fields.dto';

/** An account outside any organization, created by a system operator (SPEC §4). */
export class CreateAccountDto extends UserProfileFields {
  /** 6–12 half-width letters and digits, at least one of each; unique; case-sensitive. */
  @IsString()
  @Matches(LOGIN_ID_PATTERN, {
    message: 'loginId must be 6-12 half-width letters and digits with at least one of each',
  })
  loginId!: string;

  /** Checked against the default password policy. */
  @IsString()
  @MaxLength(64)
  password!: string;

  /** 確認用パスワード, hashed separately. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  confirmationPassword?: string;
}
