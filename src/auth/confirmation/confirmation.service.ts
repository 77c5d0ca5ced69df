import { HttpStatus, Injectable } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { UserAccounts } from '../../users/user-accounts.service';
import type { Principal } from '@kanri/access/actor';
import { LoginAttempts } from '../lockout/login-attempts.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { TotpCodes } from '../second-factor/totp-codes.service';
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
 * accepted before (TotpCodes, the rule sign-in uses). Every @Confirm route and every confirmed upload comes here. Wrong answers count toward the same lockout
 * as sign-in: the answer that reaches the organization's threshold locks the account and ends its sessions
 * (423 ACCOUNT_LOCKED, written to login history as LOGIN_LOCKED_OUT with the screen's name).
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly attempts: LoginAttempts,
    private readonly organizations: OrganizationsService,
    private readonly totpCodes: TotpCodes,
  ) {}

  /**
   * `who` is the signed-in principal (or just a user id, e.g. for a multipart upload checked in a service);
   * `origin` and `screen` go into the login-history row if this answer locks the account.
   */
  async verify(
    who: string | Pick<Principal, 'userId'>,
    confirmationPassword: unknown,
    origin: RequestOrigin = { ip: null, userAgent: null },
    screen: string | null = null,
    otp: unknown = undefined,
  ): Promise<void> {
    const user = await this.accounts.findById(typeof who === 'string' ? who : who.userId);
    if (!user) throw AppError.notFound('User');
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
    const withOtp =
      user.organizationId !== null &&
      (await this.organizations.effectiveSettingsOf(user.organizationId)).confirmWithOtp;
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
