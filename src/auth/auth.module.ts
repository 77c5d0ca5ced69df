import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { BodyValidationGuard } from '@kanri/common/validation/body-validation.guard';
import { OtpService } from '@kanri/security/otp.service';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { SignInAdminController } from './admin/sign-in-admin.controller';
import { SignInAdmin } from './admin/sign-in-admin.service';
import { AccessTokenKey } from './access-token-key';
import { AuthController } from './auth.controller';
import { AuthRateLimitGuard, authRateLimitOptions } from './auth-rate-limit';
import { AuthService } from './auth.service';
import { AccessRuleGuard } from './authorization/access-rule.guard';
import { ConfirmationGuard } from './confirmation/confirmation.guard';
import { JwtAuthGuard } from './authorization/jwt-auth.guard';
import { OrganizationScopeGuard } from './authorization/organization-scope.guard';
import { JwtStrategy } from './jwt.strategy';
import { LockoutModule } from './lockout/lockout.module';
import { OwnSessions } from './own-sessions.service';
import { AuthToken } from './recovery/auth-token.entity';
import { AuthTokens } from './recovery/auth-tokens.service';
import { IpChange } from './recovery/ip-change.service';
import { PasswordReset } from './recovery/password-reset.service';
import { RecoveryController } from './recovery/recovery.controller';
import { RequestLimit } from './recovery/request-limit.entity';
import { RequestLimits } from './recovery/request-limits.service';
import { OtpChallenges } from './second-factor/otp-challenges.service';
import { OtpTokens } from './second-factor/otp-token';
import { SecondFactorController } from './second-factor/second-factor.controller';
import { TotpEnrolment } from './second-factor/totp-enrolment.service';
import { TotpKeyRotationJob } from './second-factor/totp-key-rotation.job';
import { TotpKeyRotation } from './second-factor/totp-key-rotation.service';
import { UserOtp } from './second-factor/user-otp.entity';
import { UserOtpStore } from './second-factor/user-otp.store';
import { SessionIssuer } from './session-issuer.service';
import { SessionsController } from './sessions.controller';
import { SessionsModule } from './sessions.module';

/**
 * Sign-in and its controls (SPEC §3): password, lockout, IP allow-lists, second factor, reset and IP change,
 * sessions, and the global guard chain, in order: token → organization scope → access rule → confirmation
 * (docs/architecture.md "Authorization").
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, TransactionService],
      useFactory: authRateLimitOptions,
    }),
    TypeOrmModule.forFeature([UserOtp, AuthToken, RequestLimit]),
    UsersModule,
    OrganizationsModule,
    SessionsModule,
    LockoutModule,
  ],
  controllers: [
    AuthController,
    SecondFactorController,
    RecoveryController,
    SessionsController,
    SignInAdminController,
  ],
  providers: [
    AccessTokenKey,
    AuthService,
    SessionIssuer,
    OwnSessions,
    JwtStrategy,
    OtpService,
    OtpTokens,
    OtpChallenges,
    UserOtpStore,
    TotpEnrolment,
    TotpKeyRotation,
    TotpKeyRotationJob,
    AuthTokens,
    RequestLimits,
    PasswordReset,
    IpChange,
    SignInAdmin,
    AuthRateLimitGuard,
    // The global guard chain, the only place global guards are registered; Nest runs them in this order.
    // 1. A valid access token on every route, unless the route is @Public().
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    // 2. Routes with :orgId: membership (or operator) resolved into the request's actor; others get 404.
    { provide: APP_GUARD, useClass: OrganizationScopeGuard },
    // 3. The route's declared access rule (@RequirePermission, @ManagerOnly, ...); no rule, no access.
    { provide: APP_GUARD, useClass: AccessRuleGuard },
    // 4. The handler's @Body() through the one validation pipe, before every guard that judges the body (the
    //    confirmation password, the manager cap): bad input gets its 400 first.
    { provide: APP_GUARD, useClass: BodyValidationGuard },
    // 5. @Confirm() routes: the body's confirmation password, counted toward the lockout.
    { provide: APP_GUARD, useClass: ConfirmationGuard },
  ],
  // SessionIssuer: the certificates module's client-certificate sign-in opens sessions the same way (§3.6).
  exports: [SessionsModule, LockoutModule, SessionIssuer],
})
export class AuthModule {}
