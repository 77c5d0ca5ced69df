import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  /** ログインID as typed. */
  @IsString()
  @MaxLength(64)
  loginId!: string;

  /** The account's registered email address; the pair must match. */
  @IsString()
  @Length(4, 64)
  @IsEmail()
  email!: string;
}

export class PasswordResetConfirmDto {
  /** The token from the reset mail. */
  @IsString()
  @MaxLength(100)
  token!: string;

  /** Checked against the organization's password policy. */
  @IsString()
  @MaxLength(64)
  newPassword!: string;
}

export class IpChangeRequestDto {
  @IsString()
  @MaxLength(64)
  loginId!: string;

  @IsString()
  @MaxLength(128)
  password!: string;
}

export class IpChangeConfirmDto {
  /** The token from the confirmation mail. */
  @IsString()
  @MaxLength(100)
  token!: string;
}
