import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { type LoginEvent, LoginHistoryService } from '../../audit/login-history.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { accountUnusableReason } from '../account-usability-policy';
import { accountLocked, ipNotAllowed } from '../auth-errors';
import type { LoginResultView } from '../dto/login-result.view';
import { isAddressAllowed } from '../ip-allow-list';
import { LockoutStatements } from '../lockout/lockout-statements';
import { SessionIssuer } from '../session-issuer.service';
import type { VerifyAssertionDto } from './dto/passkey.dto';
import { AssertionRefused, PasskeyAssertions, passkeyInvalid } from './passkey-assertions.service';

/**
 * Signing in with a passkey (SPEC §17), always username-less: the options name no user and allow any discoverable
 * credential, so they reveal nothing about which login IDs exist; the passkey the browser picks names its user.
 * After the assertion the same account rules as the password sign-in apply, through the same code: the IP
 * allow-list, the lock (a temporary one that has run out is lifted as the password path does), usability
 * (disabled, provisional, validity period, usage stop date). A passkey with user verification is itself two
 * factors (the device and the PIN or biometric that unlocks it), so no one-time password follows.
 */
@Injectable()
export class PasskeySignIn {
  constructor(
    private readonly assertions: PasskeyAssertions,
    private readonly accounts: UserAccounts,
    private readonly statements: LockoutStatements,
    private readonly issuer: SessionIssuer,
    private readonly loginHistory: LoginHistoryService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  options(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.assertions.options('sign_in', null);
  }

  async verify(dto: VerifyAssertionDto, origin: RequestOrigin): Promise<LoginResultView> {
    let passkey;
    try {
      passkey = await this.assertions.verify(dto.credential, 'sign_in', null);
    } catch (e) {
      if (!(e instanceof AssertionRefused)) throw e;
      // Refusals the passkey can be attributed to are written against its user; the others have nobody to name.
      const owner = e.passkey ? await this.accounts.findById(e.passkey.userId) : null;
      if (owner) {
        await this.loginHistory.record({
          action: 'PASSKEY_LOGIN_FAILED',
          loginIdTyped: owner.loginId,
          userId: owner.id,
          organizationId: owner.organizationId,
          ip: origin.ip,
          userAgent: origin.userAgent,
        });
      }
      throw e.answer;
    }
    // Run-out temporary locks are lifted first, exactly as before a password is evaluated.
    await this.tx.run((em) => this.statements.clearRunOutLock(em, passkey.userId, this.clock.now()));
    const user = await this.accounts.findById(passkey.userId);
    if (!user) throw passkeyInvalid();
    const event: Omit<LoginEvent, 'action'> = {
      loginIdTyped: user.loginId,
      userId: user.id,
      organizationId: user.organizationId,
      ip: origin.ip,
      userAgent: origin.userAgent,
    };
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      await this.loginHistory.record({ ...event, action: 'PASSKEY_LOGIN_IP_NOT_ALLOWED' });
      throw ipNotAllowed();
    }
    if (user.lockedAt) {
      await this.loginHistory.record({ ...event, action: 'PASSKEY_LOGIN_WHILE_LOCKED' });
      throw accountLocked(user.lockedUntil);
    }
    const unusable = accountUnusableReason(user, this.clock.now(), this.config.timeZone);
    if (unusable) throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);
    try {
      // The session opens only if no lock was set meanwhile (SessionIssuer settles the sign-in in its transaction).
      return (await this.issuer.open(user, origin, { ...event, action: 'PASSKEY_LOGIN_SUCCESS' }))!;
    } catch (e) {
      if (e instanceof AppError && e.status === HttpStatus.LOCKED) {
        await this.loginHistory.record({ ...event, action: 'PASSKEY_LOGIN_WHILE_LOCKED' });
      }
      throw e;
    }
  }
}
