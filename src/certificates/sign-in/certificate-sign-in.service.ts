import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { accountUnusableReason } from '../../auth/account-usability-policy';
import type { LoginResultView } from '../../auth/dto/login-result.view';
import { isAddressAllowed } from '../../auth/ip-allow-list';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { SessionIssuer } from '../../auth/session-issuer.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { ClientCertificateVerifier } from './client-certificate-verifier';

export const CERTIFICATE_SIGN_IN_SCREEN = '証明書によるログイン';

/**
 * 証明書によるログイン (SPEC §3.6): a valid, unrevoked Kanri client certificate presented over TLS signs its
 * holder in. The certificate replaces the password and, being a second possession factor already, the OTP; the
 * account's other controls still apply (lockout, IP allow-list, disabled, validity period, usage stop date), and
 * the sign-in opens an ordinary session recorded as LOGIN_SUCCESS.
 */
@Injectable()
export class CertificateSignInService {
  constructor(
    private readonly verifier: ClientCertificateVerifier,
    private readonly accounts: UserAccounts,
    private readonly sessions: SessionIssuer,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async signIn(presented: Buffer | null, origin: RequestOrigin): Promise<LoginResultView> {
    const certificate = await this.verifier.verify(presented);
    const user = await this.accounts.findById(certificate.subjectUserId!);
    if (!user) {
      throw new AppError(
        ErrorCode.ClientCertificateInvalid,
        HttpStatus.UNAUTHORIZED,
        'The holder no longer exists',
        {
          reason: 'no_holder',
        },
      );
    }
    const now = this.clock.now();
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      throw new AppError(
        ErrorCode.IpNotAllowed,
        HttpStatus.FORBIDDEN,
        'Sign-in from this address is not allowed',
      );
    }
    if (user.lockedAt && (!user.lockedUntil || user.lockedUntil > now)) {
      throw new AppError(ErrorCode.AccountLocked, 423, 'This account is locked', {
        lockedUntil: user.lockedUntil?.toISOString() ?? null,
      });
    }
    const unusable = accountUnusableReason(user, now, this.config.timeZone);
    if (unusable) throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);
    const result = await this.sessions.open(user, origin, {
      action: 'LOGIN_SUCCESS',
      loginIdTyped: user.loginId,
      userId: user.id,
      organizationId: user.organizationId,
      ip: origin.ip,
      userAgent: origin.userAgent,
      screen: CERTIFICATE_SIGN_IN_SCREEN,
    });
    return result!;
  }
}
