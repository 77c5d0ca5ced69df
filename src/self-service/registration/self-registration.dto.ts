import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LOGIN_ID_PATTERN, UserProfileFields } from '../../users/dto/user-fields.dto';

/**
 * 利用者登録 by organization code (SPEC §13): who registers, and into which organization. The names and their kana
 * follow the same rules as every user's profile; the e-mail address is required here, since the verification link
 * goes to it.
 */
export class SelfRegistrationDto extends PickType(UserProfileFields, [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
] as const) {
  /** 組織コード shared by the organization's manager (spaces, hyphens and lower case are forgiven). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  organizationCode!: string;

  /** ログインID: 6–12 half-width letters and digits, at least one of each; unique; case-sensitive. */
  @IsString()
  @Matches(LOGIN_ID_PATTERN, {
    message: 'loginId must be 6-12 half-width letters and digits with at least one of each',
  })
  loginId!: string;

  /** メールアドレス (4–64 characters): the verification link goes here, and it becomes the account's address. */
  @IsString()
  @Length(4, 64)
  @IsEmail()
  email!: string;

  /** The sign-in password, checked against the organization's password policy. Stored only hashed. */
  @IsString()
  @MaxLength(64)
  password!: string;

  /** 確認用パスワード (optional; can be set later with PUT /auth/confirmation-password). Stored only hashed. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  confirmationPassword?: string;
}

/** The token from the verification mail. */
export class VerifySelfRegistrationDto {
  /** The 登録確認用トークン of the mail (single use, valid 24 hours). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token!: string;
}

/** A registration accepted: the verification mail is on its way. */
export class SelfRegistrationAcceptedView {
  /** Until when the mailed link works. */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** The account a verification created. */
export class SelfRegistrationVerifiedView {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
  loginId!: string;
  /** The organization the account joined, as a general user. */
  organizationName!: string;
}
