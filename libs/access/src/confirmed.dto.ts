import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Base for request bodies of "confirm" operations (SPEC §3.1): carries the confirmation password, or, in an
 * organization that requires the passkey step-up (SPEC §17), the step-up token instead.
 */
export class ConfirmedDto {
  /** 確認用パスワード of the signed-in user. Never logged or audited. Required unless the organization requires the passkey step-up. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  confirmationPassword?: string;

  /**
   * The current code of the user's authenticator app, required when the organization sets `confirmWithOtp`
   * (ワンタイムパスワード利用企業); each code is accepted once. Never logged or audited.
   */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  otp?: string;

  /**
   * The token of a passkey step-up (`POST /auth/passkeys/step-up/verify`) taken just before, in an organization that
   * requires it (`passkeyStepUp`); good for this one operation. Never logged or audited.
   */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  stepUpToken?: string;
}
