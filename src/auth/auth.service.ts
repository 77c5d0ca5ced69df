import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { LoginHistoryService } from '../audit/login-history.service';
import { ActorResolver } from '../organizations/actor-resolver.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from '../users/users.service';
import { toUserView } from '../users/user.view';
import { accountUnusableReason } from './account-usability';
import type { Principal } from './authorization/actor';
import type { ChangePasswordDto, LoginDto } from './dto/login.dto';
import type { LoginResultView } from './dto/login-result.view';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy';
import type { RequestOrigin } from './request-origin';
import { SessionsService } from './sessions.service';

const invalidCredentials = () =>
  new AppError(
    ErrorCode.InvalidCredentials,
    HttpStatus.UNAUTHORIZED,
    'The login ID or password is incorrect',
  );

/** Sign-in, sign-out and the signed-in user's own account (SPEC §3.2, §3.6). */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly actors: ActorResolver,
    private readonly sessions: SessionsService,
    private readonly loginHistory: LoginHistoryService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** SPEC §3.2, password path: unknown user, wrong password and usability checks, in that order. */
  async login(dto: LoginDto, origin: RequestOrigin): Promise<LoginResultView> {
    const user = await this.users.findByLoginId(dto.loginId);
    const event = { loginIdTyped: dto.loginId, ip: origin.ip, userAgent: origin.userAgent };
    if (!user) {
      await this.hasher.verifyAgainstNothing(dto.password);
      await this.loginHistory.record({ ...event, action: 'USER_NOT_FOUND', screen: 'ログイン' });
      throw invalidCredentials();
    }
    const known = { ...event, userId: user.id, organizationId: user.organizationId };
    if (!(await this.hasher.verify(user.passwordHash, dto.password))) {
      await this.loginHistory.record({ ...known, action: 'LOGIN_WRONG_PASSWORD' });
      throw invalidCredentials();
    }
    const unusable = accountUnusableReason(user, this.clock.now(), this.config.timeZone);
    if (unusable) throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);

    const session = await this.tx.run(async (em) => {
      await this.users.recordSuccessfulLogin(em, user.id);
      const opened = await this.sessions.open(em, user.id, origin.ip, origin.userAgent);
      await this.loginHistory.record({ ...known, action: 'LOGIN_SUCCESS' }, em);
      return opened;
    });
    const expiresIn = Math.round((session.expiresAt.getTime() - this.clock.now().getTime()) / 1000);
    // Synchronous HMAC signing: the async variant only adds event-loop hops on the sign-in hot path.
    const accessToken = this.jwt.sign(
      { sub: user.id, sid: session.id },
      {
        secret: this.config.jwtSecret,
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn,
      },
    );
    return { accessToken, expiresIn, passwordChangeRequired: user.mustChangePassword };
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
    const user = await this.users.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    const organization = user.organizationId ? await this.organizations.summary(user.organizationId) : null;
    const actor = organization ? await this.actors.resolve(principal, organization.id) : null;
    return {
      user: toUserView(user),
      organization,
      isManager: user.isManager,
      isSystemOperator: user.isSystemOperator,
      permissions: actor ? [...actor.permissions.keys()].sort() : [],
    };
  }

  /**
   * `POST /auth/password`: the user's own change. Every other session of the user ends; the calling session
   * stays, so a forced change (SPEC §3.1) continues without signing in again.
   */
  async changePassword(principal: Principal, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      throw new AppError(
        ErrorCode.InvalidCredentials,
        HttpStatus.UNAUTHORIZED,
        'The current password is incorrect',
      );
    }
    const settings = await this.organizations.settingsOf(user.organizationId);
    this.users.assertPasswordPolicy(dto.newPassword, settings.passwordPolicy ?? 'default', 'newPassword');
    if (dto.newPassword === dto.currentPassword) {
      throw AppError.validation({ newPassword: ['must differ from the current password'] });
    }
    await this.tx.run(async (em) => {
      await this.users.setPassword(em, user.id, dto.newPassword);
      await this.sessions.endAllForUser(em, user.id, 'password_changed', principal.sessionId);
    });
  }
}
