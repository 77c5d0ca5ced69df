import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsCalendarDate } from '@kanri/common/validation/calendar-date';
import { IsIpOrCidr } from '@kanri/common/validation/ip-or-cidr';

export const LOGIN_ID_PATTERN = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{6,12}$/;
/** Full-width katakana, the long-vowel mark, middle dot and spaces (フリガナ). */
export const KANA_PATTERN = /^[\u30A0-\u30FF\u3000 ]+$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const LANGUAGES = ['ja', 'en'] as const;

/**
 * Kana fields accept half-width katakana (ｶﾅ, as Shift_JIS files from older systems carry it) and store it
 * full-width (カナ) through NFKC, so that search, sort and exports see one form. Other fields are kept as typed.
 */
export const fullWidthKana = (value: unknown): unknown =>
  typeof value === 'string' ? value.normalize('NFKC') : value;
export const toFullWidthKana = ({ value }: TransformFnParams): unknown => fullWidthKana(value);

/** The editable profile fields of a user (SPEC §4 field rules), shared by every create/update DTO. */
export class UserProfileFields {
  /** 姓 (family name), up to 30 characters; full-width allowed. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  familyName!: string;

  /** 名 (given name), up to 30 characters. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  givenName!: string;

  /** 姓(カナ), katakana; half-width is stored full-width. */
  @ApiPropertyOptional()
  @Transform(toFullWidthKana)
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @Matches(KANA_PATTERN, { message: 'familyNameKana must be katakana' })
  familyNameKana?: string;

  /** 名(カナ), katakana; half-width is stored full-width. */
  @ApiPropertyOptional()
  @Transform(toFullWidthKana)
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @Matches(KANA_PATTERN, { message: 'givenNameKana must be katakana' })
  givenNameKana?: string;

  /** メールアドレス, 4–64 characters. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(4, 64)
  @IsEmail()
  email?: string;

  /** メールアドレス(サブ). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(4, 64)
  @IsEmail()
  subEmail?: string;

  /** 部署・職名. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  department?: string;

  /** 外線. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(/^[0-9+\-() ]*$/, { message: 'phoneExternal may hold digits, +, -, ( ) and spaces' })
  phoneExternal?: string;

  /** 内線. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(/^[0-9+\-() ]*$/, { message: 'phoneExtension may hold digits, +, -, ( ) and spaces' })
  phoneExtension?: string;

  /** Allowed source addresses or CIDR blocks; empty = any. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsIpOrCidr({ each: true })
  allowedIps?: string[];

  /** ログイン時に強制変更する. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  mustChangePassword?: boolean;

  /** 有効開始日 (YYYY-MM-DD). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'validFrom must be YYYY-MM-DD' })
  @IsCalendarDate()
  validFrom?: string;

  /** 有効終了日 (YYYY-MM-DD). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'validTo must be YYYY-MM-DD' })
  @IsCalendarDate()
  validTo?: string;

  /** 使用言語. */
  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  /** 備考. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
