import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  /** ログインID as typed; unknown IDs get the same answer as wrong passwords. */
  @IsString()
  @MaxLength(64)
  loginId!: string;

  @IsString()
  @MaxLength(128)
  password!: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  /** Checked against the organization's password policy. */
  @IsString()
  @MaxLength(64)
  newPassword!: string;
}

export class SetConfirmationPasswordDto {
  /** The sign-in password, proving it is the user. */
  @IsString()
  @MaxLength(128)
  password!: string;

  /** The new 確認用パスワード; checked against the organization's password policy. */
  @IsString()
  @MaxLength(64)
  confirmationPassword!: string;
}
