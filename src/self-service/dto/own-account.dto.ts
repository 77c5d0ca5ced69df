import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { KANA_PATTERN, LANGUAGES, toFullWidthKana } from '../../users/dto/user-fields.dto';

const PHONE = /^[0-9+\-() ]*$/;

/**
 * アカウント情報更新 (SPEC §13): what a user may change about themselves. Every field is optional (absent =
 * unchanged); the optional ones take null to clear them. Login ID, permissions, organization, group, validity and
 * the allow-list are not here: the last changes only through the IP-change flow (SPEC §3.5), the others only by an
 * administrator; an unknown field is refused (400), never ignored.
 */
export class UpdateOwnAccountDto extends ConfirmedDto {
  /** 姓, up to 30 characters. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  familyName?: string;

  /** 名, up to 30 characters. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  givenName?: string;

  /** 姓(カナ), katakana (half-width is stored full-width); null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @Transform(toFullWidthKana)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(30)
  @Matches(KANA_PATTERN, { message: 'familyNameKana must be katakana' })
  familyNameKana?: string | null;

  /** 名(カナ), katakana; null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @Transform(toFullWidthKana)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(30)
  @Matches(KANA_PATTERN, { message: 'givenNameKana must be katakana' })
  givenNameKana?: string | null;

  /**
   * メールアドレス, 4–64 characters. Sign-in codes and reset links go here, so it cannot be cleared; the previous
   * address is told of the change.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(4, 64)
  @IsEmail()
  email?: string;

  /** メールアドレス(サブ); null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(4, 64)
  @IsEmail()
  subEmail?: string | null;

  /** 部署・職名; null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  department?: string | null;

  /** 外線; null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(32)
  @Matches(PHONE, { message: 'phoneExternal may hold digits, +, -, ( ) and spaces' })
  phoneExternal?: string | null;

  /** 内線; null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(32)
  @Matches(PHONE, { message: 'phoneExtension may hold digits, +, -, ( ) and spaces' })
  phoneExtension?: string | null;

  /** 使用言語, `ja` or `en`; null = not chosen. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(LANGUAGES)
  language?: string | null;
}

/** The fields UpdateOwnAccountDto may change, in one list (the service copies exactly these). */
export const OWN_ACCOUNT_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'department',
  'phoneExternal',
  'phoneExtension',
  'language',
] as const satisfies readonly (keyof UpdateOwnAccountDto)[];
