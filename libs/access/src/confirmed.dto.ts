import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Base for request bodies of "confirm" operations (SPEC §3.1): carries the confirmation password. */
export class ConfirmedDto {
  /** 確認用パスワード of the signed-in user. Never logged or audited. */
  @IsString()
  @MaxLength(128)
  confirmationPassword!: string;

  /**
   * The current code of the user's authenticator app, required when the organization sets `confirmWithOtp`
   * (ワンタイムパスワード利用企業); each code is accepted once. Never logged or audited.
   */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  otp?: string;
}
