import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { type LoginEvent, LoginHistoryService } from '../audit/login-history.service';
import { ActorResolver } from '../organizations/actor-resolver.service';
import type { EffectiveOrganizationSettings } from '../organizations/organization-settings';
import { OrganizationsService } from '../organizations/organizations.service';
import { type SignInAccount, UserAccounts } from '../users/user-accounts.service';
import { toUserView } from '../users/user.view';
import { accountUnusableReason } from './account-usability-policy';
import { invalidCredentials, ipNotAllowed } from './auth-errors';
import type { Principal } from '@kanri/access/actor';
import type { ChangePasswordDto, LoginDto, SetConfirmationPasswordDto } from './dto/login.dto';
import type { LoginResultView } from './dto/login-result.view';
import { isAddressAllowed } from './ip-allow-list';
import { LoginAttempts } from './lockout/login-attempts.service';
import type { RequestOrigin } from '@kanri/access/request-origin';
import type { OtpRequiredView } from './second-factor/dto/otp.dto';
import { OtpChallenges } from './second-factor/otp-challenges.service';
import { secondFactorFor } from './second-factor/second-factor-policy';
import { SessionIssuer } from './session-issuer.service';
import { SignInSettings } from './sign-in-settings.service';
import { SessionsService } from './sessions.service';

const currentPasswordInvalid = () =>
  new AppError(ErrorCode.InvalidCredentials, HttpStatus.UNAUTHORIZED, 'The current password is incorrect');

/** Sign-in, sign-out and the signed-in user's own secrets (SPEC §3.1, §3.2, §3.6). */
@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly organizations: OrganizationsService,
    private readonly actors: ActorResolver,
    private readonly sessions: SessionsService,
    private readonly issuer: SessionIssuer,
    private readonly attempts: LoginAttempts,
    private readonly signInSettings: SignInSettings,
    private readonly otp: OtpChallenges,
    private readonly loginHistory: LoginHistoryService,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * SPEC §3.2, in its order: 1 the user exists; 2 the source address is allowed; 3 the account is not locked and
   * 4 the password is right (counted atomically, see LoginAttempts); 5 the account is usable. Then either a
   * session, or a second-factor challenge when the organization and the user call for one.
   */
  async login(dto: LoginDto, origin: RequestOrigin): Promise<LoginResultView | OtpRequiredView> {
    const typed = { loginIdTyped: dto.loginId, ip: origin.ip, userAgent: origin.userAgent };
    // The account and its organization's settings in one statement (SignInSettings.candidates).
    const found = await this.signInSettings.candidates(dto.loginId);
    if (found.length !== 1) {
      // Same answer, and an argon2 verification's worth of time, as a wrong password.
      await this.hasher.verifyAgainstNothing(dto.password);
      await this.loginHistory.record({
        ...typed,
        action: found.length ? 'USER_DUPLICATED' : 'USER_NOT_FOUND',
        screen: 'ログイン',
      });
      throw invalidCredentials();
    }
    const { account: user, settings: organizationSettings } = found[0];
    const event: Omit<LoginEvent, 'action'> = {
      ...typed,
      userId: user.id,
      organizationId: user.organizationId,
    };
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      await this.loginHistory.record({ ...event, action: 'LOGIN_IP_NOT_ALLOWED' });
      throw ipNotAllowed();
    }
    const settings = await this.attempts.check({
      userId: user.id,
      organizationId: user.organizationId,
      verify: () => this.hasher.verify(user.passwordHash, dto.password),
      event,
      recordEveryAnswer: true,
      wrongAnswer: invalidCredentials,
      deferSuccess: true,
      lockedUntilAsRead: user.lockedAt ? user.lockedUntil : null,
      settings: organizationSettings,
    });
    // The password was right: the failure count resets in the same transaction as whatever follows (and its slot is
    // owed back if that cannot be written; LoginAttempts.settling).
    return this.attempts.settling(user.id, () => this.afterRightPassword(user, settings, event, origin));
  }

  /** SPEC §3.2 step 5 and on, once the password was right: the account's usability, then a session or a challenge. */
  private async afterRightPassword(
    user: SignInAccount,
    settings: EffectiveOrganizationSettings,
    event: Omit<LoginEvent, 'action'>,
    origin: RequestOrigin,
  ): Promise<LoginResultView | OtpRequiredView> {
    const settle = (em: EntityManager) => this.attempts.settleSuccess(em, user.id);

    // Refusals of an unusable account have no login-history action in SPEC §3.4; the answer names the reason.
    const unusable = accountUnusableReason(user, this.clock.now(), this.config.timeZone);
    if (unusable) {
      await this.tx.run(settle);
      throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);
    }
    const method = secondFactorFor(user, settings);
    if (method === 'unavailable') {
      await this.tx.run(settle);
      throw new AppError(
        ErrorCode.SecondFactorUnavailable,
        HttpStatus.FORBIDDEN,
        'A second factor is required but this account has neither an authenticator app nor an email address',
      );
    }
    if (method) return this.otp.start(user, method, event, settle);
    // Opening the session settles the attempt in its transaction (SessionIssuer).
    return (await this.issuer.open(user, origin, { ...event, action: 'LOGIN_SUCCESS' }))!;
  }

  async logout(principal: Principal, origin: RequestOrigin): Promise<void> {
    await this.tx.run(async (em) => {
      const seconds = await this.sessions.end(principal.sessionId, 'logout', em);
      await this.loginHistory.record(
        {
          action: 'LOGOUT',
          loginIdTyped: principal.loginId,
          userId: principal.userId,
          organizationId: principal.organizationId,
          ip: origin.ip,
          userAgent: origin.userAgent,
          sessionSeconds: seconds,
        },
        em,
      );
    });
  }

  /** `GET /auth/me`: the user, organization, manager flag and permissions (SPEC §3.6). */
  async me(principal: Principal) {
    const user = await this.accounts.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    const organization = user.organizationId ? await this.organizations.summary(user.organizationId) : null;
    const actor = organization ? await this.actors.resolve(principal, organization.id) : null;
    const settings = organization ? await this.organizations.effectiveSettingsOf(organization.id) : null;
    return {
      user: toUserView(user),
      organization,
      isManager: user.isManager,
      isSystemOperator: user.isSystemOperator,
      permissions: actor ? [...actor.permissions.keys()].sort() : [],
      // Confirm operations take a passkey step-up instead of the confirmation password (SPEC §17).
      passkeyStepUp: settings?.passkeyStepUp ?? false,
    };
  }

  /**
   * `POST /auth/password`: the user's own change. A wrong current password counts toward the lockout. Every
   * other session of the user ends; the calling session stays, so a forced change (SPEC §3.1) continues without
   * signing in again.
   */
  async changePassword(principal: Principal, dto: ChangePasswordDto, origin: RequestOrigin): Promise<void> {
    const { user, settings } = await this.proveOwnPassword(
      principal,
      dto.currentPassword,
      origin,
      'パスワード変更',
    );
    const { passwordPolicy } = settings;
    this.accounts.assertPasswordPolicy(dto.newPassword, passwordPolicy, 'newPassword');
    if (dto.newPassword === dto.currentPassword) {
      throw AppError.validation({ newPassword: ['must differ from the current password'] });
    }
    await this.tx.run(async (em) => {
      await this.accounts.setPassword(em, user.id, dto.newPassword);
      await this.sessions.endAllForUser(em, user.id, 'password_changed', principal.sessionId);
    });
  }

  /**
   * `PUT /auth/confirmation-password` (SPEC §3.1): sets or replaces the user's own confirmation password, proven
   * with the sign-in password. It follows the organization's password policy and must differ from the sign-in
   * password, or it would confirm nothing.
   */
  async setConfirmationPassword(
    principal: Principal,
    dto: SetConfirmationPasswordDto,
    origin: RequestOrigin,
  ): Promise<void> {
    const { user, settings } = await this.proveOwnPassword(
      principal,
      dto.password,
      origin,
      '確認用パスワード変更',
    );
    const { passwordPolicy } = settings;
    this.accounts.assertPasswordPolicy(dto.confirmationPassword, passwordPolicy, 'confirmationPassword');
    if (dto.confirmationPassword === dto.password) {
      throw AppError.validation({ confirmationPassword: ['must differ from the sign-in password'] });
    }
    await this.accounts.setConfirmationPassword(user.id, dto.confirmationPassword);
  }

  /** A signed-in user proving their sign-in password again; wrong answers count toward the lockout. */
  private async proveOwnPassword(
    principal: Principal,
    password: string,
    origin: RequestOrigin,
    screen: string,
  ) {
    const user = await this.accounts.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    const settings = await this.attempts.check({
      userId: user.id,
      organizationId: user.organizationId,
      verify: () => this.hasher.verify(user.passwordHash, password),
      event: {
        loginIdTyped: user.loginId,
        userId: user.id,
        organizationId: user.organizationId,
        ip: origin.ip,
        userAgent: origin.userAgent,
        screen,
      },
      recordEveryAnswer: false,
      wrongAnswer: currentPasswordInvalid,
    });
    return { user, settings };
  }
}
