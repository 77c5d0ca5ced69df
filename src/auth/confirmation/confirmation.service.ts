import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { UserAccounts } from '../../users/user-accounts.service';
import type { Principal } from '@kanri/access/actor';
import { LoginAttempts } from '../lockout/login-attempts.service';
import { TotpCodes } from '../second-factor/totp-codes.service';
import { SignInSettings } from '../sign-in-settings.service';
import { StepUpTokens } from '../passkeys/step-up/step-up-tokens.service';
import type { RequestOrigin } from '@kanri/access/request-origin';

const confirmationInvalid = () =>
  new AppError(
    ErrorCode.ConfirmationPasswordInvalid,
    HttpStatus.FORBIDDEN,
    'The confirmation password is incorrect',
  );

/**
 * Checks a user's confirmation password (確認用パスワード, SPEC §3.1), and, where the user's organization sets
 * `confirmWithOtp` (SPEC §14, ワンタイムパスワード利用企業), a current authenticator code (`otp`) that was never
 * accepted before (TotpCodes, the rule sign-in uses); where it sets `passkeyStepUp` (SPEC §17), a fresh passkey
 * step-up instead of both. Every @Confirm route and every confirmed upload comes here. Wrong answers count toward the same lockout
 * as sign-in: the answer that reaches the organization's threshold locks the account and ends its sessions
 * (423 ACCOUNT_LOCKED, written to login history as LOGIN_LOCKED_OUT with the screen's name).
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly attempts: LoginAttempts,
    private readonly settings: SignInSettings,
    private readonly stepUps: StepUpTokens,
    private readonly totpCodes: TotpCodes,
  ) {}

  /**
   * `who` is the signed-in principal; `answer` the request body (or multipart fields): its `confirmationPassword`,
   * or its `stepUpToken` where the organization requires the passkey step-up (`passkeyStepUp`, SPEC §17) — then the
   * confirmation password is not accepted instead. `origin` and `screen` go into the login-history row if a wrong
   * password locks the account.
   */
  async verify(
    who: Pick<Principal, 'userId' | 'sessionId'>,
    answer: { confirmationPassword?: unknown; stepUpToken?: unknown; otp?: unknown },
    origin: RequestOrigin = { ip: null, userAgent: null },
    screen: string | null = null,
  ): Promise<void> {
    const user = await this.accounts.findById(who.userId);
    if (!user) throw AppError.notFound('User');
    const settings = await this.settings.of(user.organizationId);
    // A passkey assertion with user verification is two factors by itself: no password, no one-time password.
    if (settings.passkeyStepUp) {
      await this.stepUps.consume(user.id, who.sessionId, answer.stepUpToken);
      return;
    }
    const confirmationPassword = answer.confirmationPassword;
    const hash = user.confirmationHash;
    if (!hash) {
      throw new AppError(
        ErrorCode.ConfirmationPasswordNotSet,
        HttpStatus.FORBIDDEN,
        'Set a confirmation password before doing this',
      );
    }
    // Guards run before validation: a missing answer is a client error, not a guess, and does not count.
    if (
      typeof confirmationPassword !== 'string' ||
      !confirmationPassword ||
      confirmationPassword.length > 128
    ) {
      throw AppError.validation({ confirmationPassword: ['confirmationPassword is required'] });
    }
    const withOtp = user.organizationId !== null && settings.confirmWithOtp;
    const otp = answer.otp;
    if (withOtp && (typeof otp !== 'string' || !otp)) {
      throw new AppError(
        ErrorCode.OtpRequired,
        HttpStatus.BAD_REQUEST,
        'This organization confirms with a one-time password too: send the current code of your authenticator app as otp',
      );
    }
    await this.attempts.check({
      userId: user.id,
      organizationId: user.organizationId,
      verify: () => this.hasher.verify(hash, confirmationPassword),
      event: {
        loginIdTyped: user.loginId,
        userId: user.id,
        organizationId: user.organizationId,
        ip: origin.ip,
        userAgent: origin.userAgent,
        screen,
      },
      recordEveryAnswer: false,
      wrongAnswer: confirmationInvalid,
    });
    if (withOtp) await this.totpCodes.confirm(user.id, otp as string);
  }
}
