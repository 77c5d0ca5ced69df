import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class VerifyOtpDto {
  /** The `otpToken` from the sign-in answer. */
  @IsString()
  @MaxLength(2000)
  otpToken!: string;

  /** The 6-digit code from the email or the authenticator app. */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class ResendOtpDto {
  /** The `otpToken` from the sign-in answer. */
  @IsString()
  @MaxLength(2000)
  otpToken!: string;
}

export class ActivateTotpDto {
  /** A current code from the authenticator app, proving it holds the secret from setup. */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

/** The sign-in answer when a second factor is needed (SPEC §3.2); no session exists yet. */
export class OtpRequiredView {
  otpRequired!: true;
  /** Pass to `POST /auth/otp/verify` (and `/auth/otp/resend`). */
  otpToken!: string;
  method!: 'email' | 'totp';
  /** When the current code stops being accepted. */
  expiresAt!: string;
}

export class OtpResentView {
  method!: 'email';
  expiresAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  resendsRemaining!: number;
}

/** `POST /auth/totp/setup`: what an authenticator app needs (SPEC §3.3). Shown once; activate with a code. */
export class TotpSetupView {
  /** Base32 secret, for manual entry. */
  secret!: string;
  otpauthUrl!: string;
  /** `data:image/png;base64,...` QR code of `otpauthUrl`. */
  qrCodeDataUrl!: string;
}
